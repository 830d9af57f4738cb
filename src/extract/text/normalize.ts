import { Converter } from "opencc-js/t2cn";

/**
 * Character-level folding that keeps every UTF-16 offset where it was: full-width ASCII to
 * half-width, ideographic space to space, a few look-alike punctuation marks to one form, and
 * traditional characters to simplified. Working one code unit at a time (never phrase by phrase)
 * is what keeps offsets into the original text exact.
 */

/**
 * Traditional→simplified for every character of the CJK blocks, built on first use (no work at
 * import) in one converter call with the characters kept apart by line breaks, so no phrase
 * rule can join two of them. A flat array keeps folding a 5 MB text fast.
 */
const CJK_BASE = 0x3400;
const CJK_END = 0xfb00;
let simplified: Uint16Array | null = null;

function simplifiedTable(): Uint16Array {
  if (simplified) return simplified;
  const table = new Uint16Array(CJK_END - CJK_BASE);
  for (let k = 0; k < table.length; k++) table[k] = CJK_BASE + k;
  const codes: number[] = [];
  for (let c = CJK_BASE; c < CJK_END; c++) if (c <= 0x9fff || c >= 0xf900) codes.push(c);
  const out = Converter({ from: "hk", to: "cn" })(codes.map((c) => String.fromCharCode(c)).join("\n")).split("\n");
  if (out.length === codes.length) {
    codes.forEach((c, k) => {
      const mapped = out[k]!;
      // Only a one-unit result keeps offsets; anything else stays as printed.
      if (mapped.length === 1) table[c - CJK_BASE] = mapped.charCodeAt(0);
    });
  }
  simplified = table;
  return table;
}

function simplifiedCode(code: number): number {
  return simplifiedTable()[code - CJK_BASE]!;
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

const utf16 = new TextDecoder("utf-16le");

/**
 * Builds a string from UTF-16 code units. A lone surrogate (only in garbage input) comes back as
 * U+FFFD, still one unit, so offsets hold.
 */
export function fromCodes(codes: Uint16Array, length: number): string {
  if (length > 65_536) return utf16.decode(codes.subarray(0, length));
  let out = "";
  for (let i = 0; i < length; i += 8192) {
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + 8192)) as unknown as number[]);
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
