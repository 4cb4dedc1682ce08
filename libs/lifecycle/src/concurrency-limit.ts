// At most `limit` pieces of work at once; the others wait their turn, first come first served. For
// work that holds something scarce while it runs — a pooled database connection, a provider's
// patience — when a burst would otherwise start it for every message at once.
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`a concurrency limit is at least 1 (got ${limit})`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A slot freed while others wait passes straight to the first of them: running stays counted.
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
