/**
 * Values computed once per data version. When the version moves, everything cached under
 * the old one is dropped at once: nothing is patched, so nothing can be half-stale.
 * Entries past `maxEntries` are evicted oldest-first (insertion order).
 */
export class VersionedCache<T> {
  private version: string | null = null;
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries = 500) {}

  get(version: string, key: string): T | undefined {
    if (version !== this.version) return undefined;
    return this.entries.get(key);
  }

  set(version: string, key: string, value: T): void {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  /** The cached value, or the computed one (then cached). */
  getOrCompute(version: string, key: string, compute: () => T): T {
    const hit = this.get(version, key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(version, key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
