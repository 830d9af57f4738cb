import { Converter } from "opencc-js/t2cn";

/**
 * Character-level folding that keeps every UTF-16 offset where it was: full-width ASCII to
 * half-width, ideographic space to space, a few look-alike punctuation marks to one form, and
 * traditional characters to simplified. Working one code unit at a time (never phrase by phrase)
 * is what keeps offsets into the original text exact.
 */

let toSimplified: ((s: string) => string) | null = null;
/** Per-character results of the traditional→simplified table, filled lazily (no work at import). */
const simplifiedCache = new Map<number, number>();

function simplifiedCode(code: number): number {
  const cached = simplifiedCache.get(code);
  if (cached !== undefined) return cached;
  const convert = toSimplified ?? Converter({ from: "hk", to: "cn" });
  toSimplified = convert;
  const out = convert(String.fromCharCode(code));
  // Only a one-unit result keeps offsets; anything else stays as printed.
  const mapped = out.length === 1 ? out.charCodeAt(0) : code;
  simplifiedCache.set(code, mapped);
  return mapped;
}

const PUNCT: Readonly<Record<number, number>> = {
  12288: 0x20, // ideographic space
  65377: 0x3002, // halfwidth 。
  65380: 0x3001, // halfwidth 、
  65378: 0x300c,
  65379: 0x300d,
  8212: 0x2d, // —
  8211: 0x2d, // –
  8722: 0x2d, // minus sign
  12316: 0x7e, // 〜
  8216: 0x2019,
  12302: 0x201c, // 『 → “
  12303: 0x201d,
  12300: 0x201c, // 「 → “ (quoted labels use either)
  12301: 0x201d,
  12304: 0x5b, // 【 → [
  12305: 0x5d,
};

export function foldCode(code: number): number {
  if (code < 0x80) return code;
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  const p = PUNCT[code];
  if (p !== undefined) return p;
  if (code >= 0x3400 && code <= 0x9fff) return simplifiedCode(code);
  if (code >= 0xf900 && code <= 0xfaff) return simplifiedCode(code);
  return code;
}

/** Builds a string from UTF-16 code units in chunks (spread of millions of arguments overflows the stack). */
export function fromCodes(codes: Uint16Array, length: number): string {
  const CHUNK = 8192;
  let out = "";
  for (let i = 0; i < length; i += CHUNK) {
    out += String.fromCharCode(...codes.subarray(i, Math.min(length, i + CHUNK)));
  }
  return out;
}

/** The folded text, same length as the input. */
export function normalizeText(text: string): string {
  const n = text.length;
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = foldCode(text.charCodeAt(i));
  return fromCodes(codes, n);
}
