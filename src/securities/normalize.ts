import * as OpenCC from "opencc-js";

/**
 * Name keys: the form in which a printed security name and a listed name are compared.
 * Width variants fold (ＳＴ → ST), white space goes, traditional characters become
 * simplified (美圖公司 → 美图公司), and the markers exchanges add to a name
 * (ST, *ST, N/C on the first days of trading, -U, -W, －Ｂ …) are removed.
 */

const toSimplified = OpenCC.Converter({ from: "hk", to: "cn" });
const charCache = new Map<string, string>();

/** Simplified form of one character (cached: names are short and repeat). */
export function simplifyChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  const out = toSimplified(ch.normalize("NFKC"));
  charCache.set(ch, out);
  return out;
}

const DASHES = /[‐‑‒–—―−－]/g;

/** One character folded as `foldText` folds it (for walking a text character by character). */
export function foldChar(ch: string): string {
  return simplifyChar(ch).replace(DASHES, "-").replace(/\s/g, "").toUpperCase();
}

/** Full-width to half-width, traditional to simplified, no white space, upper-case Latin. */
export function foldText(s: string): string {
  return toSimplified(s.normalize("NFKC")).replace(/\s+/g, "").replace(DASHES, "-").toUpperCase();
}

// Prefixes: risk warnings and first-days markers. N/C are only markers before a CJK character.
const PREFIX = /^(?:\*ST|S\*ST|SST|ST|XD|XR|DR|[NC](?=[\u4e00-\u9fff]))/;
// Suffixes: STAR/ChiNext (-U, -W, -UW, -WD), HK (-B, -W, -S, -SW, -SS, -新, -R), A/B shares.
const SUFFIX = /-(?:UW|WD|U|W|B|SW|SS|S|R|新)$/;
// Exchange source markers the HK list appends (a trailing lower-case s).
const HK_LIST_MARKER = /s$/;

/** The listed name without the HK list's trailing marker. */
export function cleanListedName(name: string, market: "A" | "HK"): string {
  const trimmed = name.trim();
  return market === "HK" ? trimmed.replace(HK_LIST_MARKER, "").trim() : trimmed;
}

/** The comparison key of a name: folded, prefixes and suffixes removed. */
export function nameKey(name: string): string {
  let k = foldText(name);
  let prev = "";
  while (prev !== k) {
    prev = k;
    k = k.replace(PREFIX, "").replace(SUFFIX, "");
  }
  return k;
}

// Generic words a report may leave off a company's name (美图公司 → 美图).
const GENERIC_TAILS = ["集团股份", "控股集团", "股份公司", "有限公司", "公司", "集团", "控股", "股份"];

/** Shorter keys a report may use for this name; each at least two characters. */
export function shortKeys(key: string): string[] {
  const out: string[] = [];
  for (const tail of GENERIC_TAILS) {
    if (key.endsWith(tail) && key.length - tail.length >= 2) out.push(key.slice(0, -tail.length));
  }
  return out;
}
