import { foldCode, fromCodes } from "./normalize.js";

/**
 * The view every scanner works on: the folded text with all white space and markdown emphasis
 * (`**`) removed, plus a map back to the original offsets. A report whose spaces and line breaks
 * were lost in PDF extraction yields the same view as the well-formatted one, so everything read
 * from it (picks above all) is the same by construction.
 */
export interface CompactText {
  /** The original text as given. */
  readonly source: string;
  /** Folded, white-space-free text: the one scanners read. */
  readonly text: string;
  /** The original characters at the same positions (names go to the resolver as printed). */
  readonly raw: string;
  /** Offset in `source` of each position in `text`. */
  readonly map: Int32Array;
}

function isSpace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0x80) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const STAR = 0x2a;
const BACKSLASH = 0x5c;

export function compactText(source: string): CompactText {
  const n = source.length;
  const norm = new Uint16Array(n);
  const raw = new Uint16Array(n);
  const map = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (isSpace(c)) continue;
    norm[k] = foldCode(c);
    raw[k] = c;
    map[k] = i;
    k++;
  }
  // Drop emphasis runs (** or more) and markdown escapes (\_), both formatting only.
  let w = 0;
  for (let r = 0; r < k; ) {
    const c = norm[r]!;
    if (c === STAR && r + 1 < k && norm[r + 1] === STAR) {
      while (r < k && norm[r] === STAR) r++;
      continue;
    }
    if (c === BACKSLASH && r + 1 < k && isEscapable(norm[r + 1]!)) {
      r++;
      continue;
    }
    norm[w] = c;
    raw[w] = raw[r]!;
    map[w] = map[r]!;
    w++;
    r++;
  }
  return { source, text: fromCodes(norm, w), raw: fromCodes(raw, w), map: map.subarray(0, w) };
}

function isEscapable(c: number): boolean {
  return c === 0x5f || c === 0x2a || c === 0x23 || c === 0x5b || c === 0x5d || c === 0x2d || c === 0x2e;
}

/** Original-text span of the compact range [start, end). */
export function sourceSpan(ct: CompactText, start: number, end: number): { start: number; end: number } {
  if (ct.map.length === 0) return { start: 0, end: 0 };
  const s = ct.map[Math.min(start, ct.map.length - 1)]!;
  const e = end > start ? ct.map[Math.min(end, ct.map.length) - 1]! + 1 : s;
  return { start: s, end: e };
}

/** Whether white space was removed between compact positions i-1 and i. */
export function gapBefore(ct: CompactText, i: number): boolean {
  if (i <= 0 || i >= ct.map.length) return true;
  return ct.map[i]! - ct.map[i - 1]! > 1;
}

/** Whether a line break was removed between compact positions i-1 and i. */
export function lineBreakBefore(ct: CompactText, i: number): boolean {
  if (i <= 0 || i >= ct.map.length) return true;
  const from = ct.map[i - 1]! + 1;
  const to = ct.map[i]!;
  for (let j = from; j < to; j++) {
    const c = ct.source.charCodeAt(j);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** The original characters of a compact range with white space removed: how a name was printed. */
export function rawSlice(ct: CompactText, start: number, end: number): string {
  return ct.raw.slice(start, end);
}
