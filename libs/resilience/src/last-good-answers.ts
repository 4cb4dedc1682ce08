// The read-side fallback "the last good answer": every successful answer is remembered by key, so that
// when its source fails the caller can still answer — marked stale, with its age. Bounded: the least
// recently used key leaves when the cache is full.

export interface Remembered<V> {
  value: V;
  ageMs: number;
}

export class LastGoodAnswers<V> {
  private readonly answers = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(key: string, value: V): void {
    this.answers.delete(key); // re-inserted last: the most recently used
    this.answers.set(key, { value, at: this.now() });
    if (this.answers.size > this.maxEntries) {
      const oldest = this.answers.keys().next();
      if (!oldest.done) this.answers.delete(oldest.value);
    }
  }

  recall(key: string): Remembered<V> | undefined {
    const found = this.answers.get(key);
    return found && { value: found.value, ageMs: this.now() - found.at };
  }
}
