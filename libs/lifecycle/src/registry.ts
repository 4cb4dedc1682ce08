// What this process has registered under a key — listeners of a channel on a database, workers of a
// queue on a database: several at once, each withdrawing itself when it stops.
export class Registry<T> {
  private readonly entries = new Map<string, Set<T>>();

  /** Registers `value` under `key`; returns its withdrawal. */
  add(key: string, value: T): () => void {
    const values = this.entries.get(key) ?? new Set<T>();
    values.add(value);
    this.entries.set(key, values);
    return () => {
      values.delete(value);
      if (values.size === 0 && this.entries.get(key) === values) this.entries.delete(key);
    };
  }

  /** What is registered under `key` now (nothing once all have withdrawn). */
  get(key: string): ReadonlySet<T> {
    return this.entries.get(key) ?? new Set<T>();
  }
}
