import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Values held in memory across all bags before they are written out to a temporary file. */
export const DEFAULT_BAG_BUDGET = 4 * 1024 * 1024;

interface Bag {
  buf: Float64Array;
  len: number;
  /** Runs written out: [byte offset, count]. */
  runs: [number, number][];
  total: number;
}

/**
 * Many growing lists of float64 values (a scorecard's excess returns per group and checkpoint,
 * kept for the median) whose memory is bounded: when the values held in memory pass `budget`,
 * every bag's buffer is appended to one temporary file and emptied. `values(id)` brings a bag
 * back whole, so only the largest bag is ever in memory at once. The file is removed by close().
 */
export class ValueBags {
  private readonly bags: Bag[] = [];
  private held = 0;
  private file: { dir: string; fd: number; size: number } | null = null;

  constructor(private readonly budget = DEFAULT_BAG_BUDGET) {}

  /** A new empty bag's id. */
  open(): number {
    this.bags.push({ buf: new Float64Array(8), len: 0, runs: [], total: 0 });
    return this.bags.length - 1;
  }

  push(id: number, x: number): void {
    const b = this.bags[id] as Bag;
    if (b.len === b.buf.length) {
      const grown = new Float64Array(b.buf.length * 2);
      grown.set(b.buf);
      b.buf = grown;
    }
    b.buf[b.len++] = x;
    b.total++;
    if (++this.held > this.budget) this.spill();
  }

  count(id: number): number {
    return (this.bags[id] as Bag).total;
  }

  /** Every value of a bag, in no particular order. */
  values(id: number): Float64Array {
    const b = this.bags[id] as Bag;
    const out = new Float64Array(b.total);
    let at = 0;
    for (const [offset, n] of b.runs) {
      const f = this.file as { fd: number };
      const bytes = new Uint8Array(out.buffer, at * 8, n * 8);
      let done = 0;
      while (done < bytes.length) {
        const r = readSync(f.fd, bytes, done, bytes.length - done, offset + done);
        if (r === 0) throw new Error("value bag file ended early");
        done += r;
      }
      at += n;
    }
    out.set(b.buf.subarray(0, b.len), at);
    return out;
  }

  /** Whether any values were written out to disk. */
  get spilled(): boolean {
    return this.file !== null;
  }

  close(): void {
    if (this.file === null) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    this.file = null;
  }

  private spill(): void {
    if (this.file === null) {
      const dir = mkdtempSync(join(tmpdir(), "brokerpicks-bags-"));
      this.file = { dir, fd: openSync(join(dir, "values"), "w+"), size: 0 };
    }
    const f = this.file;
    for (const b of this.bags) {
      if (b.len === 0) continue;
      const bytes = new Uint8Array(b.buf.buffer, 0, b.len * 8);
      let done = 0;
      while (done < bytes.length) done += writeSync(f.fd, bytes, done, bytes.length - done, f.size + done);
      b.runs.push([f.size, b.len]);
      f.size += bytes.length;
      b.len = 0;
      if (b.buf.length > 64) b.buf = new Float64Array(64);
    }
    this.held = 0;
  }
}
