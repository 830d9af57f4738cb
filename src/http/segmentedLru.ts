/**
 * Values of one data version, bounded by their bytes, in two segments (a segmented LRU):
 * a new value enters "probation"; a second request for it promotes it to "protected". Values
 * asked for once are evicted first, so a flood of one-off keys churns probation and cannot push
 * out what is read again and again. A value marked `hot` (the dashboard, first pages) enters
 * protected at once. When the version moves, everything is dropped.
 */
export interface SegmentedLruOptions {
  maxBytes: number;
  /** Share of maxBytes protected values may hold; beyond it the least recent go back to probation. */
  protectedShare?: number;
  /** A value larger than this share of maxBytes is not kept. */
  maxValueShare?: number;
}

export interface CacheStats {
  bytes: number;
  entries: number;
  maxBytes: number;
}

interface Slot<T> {
  value: T;
  bytes: number;
  protected: boolean;
}

export class SegmentedLru<T> {
  private version: string | null = null;
  // Maps iterate in insertion order: the first key is the least recently used.
  private readonly probation = new Map<string, Slot<T>>();
  private readonly protectedSlots = new Map<string, Slot<T>>();
  private probationBytes = 0;
  private protectedBytes = 0;
  readonly maxBytes: number;
  private readonly maxProtectedBytes: number;
  readonly maxValueBytes: number;

  constructor(options: SegmentedLruOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError("maxBytes must be positive");
    this.maxBytes = options.maxBytes;
    this.maxProtectedBytes = Math.floor(options.maxBytes * (options.protectedShare ?? 0.8));
    this.maxValueBytes = Math.floor(options.maxBytes * (options.maxValueShare ?? 1 / 8));
  }

  get(version: string, key: string): T | undefined {
    if (version !== this.version) return undefined;
    const hot = this.protectedSlots.get(key);
    if (hot) {
      this.protectedSlots.delete(key);
      this.protectedSlots.set(key, hot);
      return hot.value;
    }
    const slot = this.probation.get(key);
    if (!slot) return undefined;
    this.probation.delete(key);
    this.probationBytes -= slot.bytes;
    this.protect(key, slot);
    return slot.value;
  }

  /** Keeps the value unless it is larger than maxValueBytes; returns whether it was kept. */
  set(version: string, key: string, value: T, bytes: number, opts: { hot?: boolean } = {}): boolean {
    if (version !== this.version) {
      this.clear();
      this.version = version;
    }
    this.delete(key);
    if (bytes > this.maxValueBytes) return false;
    const slot: Slot<T> = { value, bytes, protected: false };
    if (opts.hot) this.protect(key, slot);
    else {
      this.probation.set(key, slot);
      this.probationBytes += bytes;
    }
    this.evict();
    return this.has(key);
  }

  /** A kept value grew or shrank (a compressed copy added); it is dropped if now too large. */
  resize(version: string, key: string, bytes: number): void {
    if (version !== this.version) return;
    const slot = this.protectedSlots.get(key) ?? this.probation.get(key);
    if (!slot) return;
    if (bytes > this.maxValueBytes) {
      this.delete(key);
      return;
    }
    if (slot.protected) this.protectedBytes += bytes - slot.bytes;
    else this.probationBytes += bytes - slot.bytes;
    slot.bytes = bytes;
    if (slot.protected) this.demoteOverflow();
    this.evict();
  }

  stats(): CacheStats {
    return {
      bytes: this.probationBytes + this.protectedBytes,
      entries: this.probation.size + this.protectedSlots.size,
      maxBytes: this.maxBytes,
    };
  }

  private has(key: string): boolean {
    return this.protectedSlots.has(key) || this.probation.has(key);
  }

  private delete(key: string): void {
    const hot = this.protectedSlots.get(key);
    if (hot) {
      this.protectedSlots.delete(key);
      this.protectedBytes -= hot.bytes;
    }
    const slot = this.probation.get(key);
    if (slot) {
      this.probation.delete(key);
      this.probationBytes -= slot.bytes;
    }
  }

  private clear(): void {
    this.probation.clear();
    this.protectedSlots.clear();
    this.probationBytes = 0;
    this.protectedBytes = 0;
  }

  private protect(key: string, slot: Slot<T>): void {
    slot.protected = true;
    this.protectedSlots.set(key, slot);
    this.protectedBytes += slot.bytes;
    this.demoteOverflow();
  }

  /** Protected values past their share go back to probation's most recent end, least recent first. */
  private demoteOverflow(): void {
    while (this.protectedBytes > this.maxProtectedBytes) {
      const first = this.protectedSlots.entries().next();
      if (first.done) break;
      const [key, slot] = first.value;
      this.protectedSlots.delete(key);
      this.protectedBytes -= slot.bytes;
      slot.protected = false;
      this.probation.set(key, slot);
      this.probationBytes += slot.bytes;
    }
  }

  /** Least recent probation values go first; protected ones only when probation is empty. */
  private evict(): void {
    while (this.probationBytes + this.protectedBytes > this.maxBytes) {
      const segment = this.probation.size > 0 ? this.probation : this.protectedSlots;
      const first = segment.entries().next();
      if (first.done) break;
      this.delete(first.value[0]);
    }
  }
}
