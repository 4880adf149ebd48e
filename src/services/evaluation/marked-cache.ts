/**
 * A small least-recently-used cache of computed values, each valid while the marker it was
 * computed under is unchanged. The caller reads the marker (a cheap query over what the value
 * depends on) BEFORE computing: a write that lands during the computation changes the marker,
 * so the next read recomputes — a stale value is never kept past one request. Per process:
 * every instance checks the marker against the shared database, so instances agree.
 */
export class MarkedCache<V> {
  private readonly entries = new Map<string, { marker: string; value: V }>();

  constructor(private readonly limit = 256) {}

  /** The value under `key` if computed under `marker`, else `compute()`'s (then kept). Callers must not mutate it. */
  async get(key: string, marker: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.marker === marker) {
      // Most recently used moves to the end of the insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await compute();
    this.entries.delete(key);
    this.entries.set(key, { marker, value });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
