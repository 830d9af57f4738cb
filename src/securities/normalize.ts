import * as OpenCC from "opencc-js";

/**
 * Name keys: the form in which a printed security name and a listed name are compared.
 * Width variants fold (ＳＴ → ST), white space goes, traditional characters become
 * simplified (美圖公司 → 美图公司), and the markers exchanges add to a name
 * (ST, *ST, N/C on the first days of trading, -U, -W, －Ｂ, the delisting 退/退市 …) are removed.
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

const foldCache = new Map<string, string>();
const FOLD_CACHE_MAX = 50_000;

/** Full-width to half-width, traditional to simplified, no white space, upper-case Latin. */
export function foldText(s: string): string {
  // Cached: loading the master folds each of some 13,000 names several times, and OpenCC is slow.
  const cached = foldCache.get(s);
  if (cached !== undefined) return cached;
  const out = toSimplified(s.normalize("NFKC")).replace(/\s+/g, "").replace(DASHES, "-").toUpperCase();
  if (foldCache.size >= FOLD_CACHE_MAX) foldCache.clear();
  foldCache.set(s, out);
  return out;
}

// Prefixes: risk warnings, first-days markers, share reform not done (S), delisting (退市, PT).
// N/C/S/PT are only markers before a CJK character.
const PREFIX = /^(?:\*ST|S\*ST|SST|ST|XD|XR|DR|退市|(?:PT|[NCS])(?=[\u4e00-\u9fff]))/;
// Suffixes: STAR/ChiNext (-U, -W, -UW, -WD), HK (-B, -W, -S, -SW, -SS, -新, -R), delisting (暴风退).
const SUFFIX = /(?:-(?:UW|WD|U|W|B|SW|SS|S|R|新)|退)$/;
// Suffixes only Hong Kong uses: a name printed with one of them means the HK listing.
const HK_ONLY_SUFFIX = /-(?:B|S|SW|SS|R|Z)$/;
// The names the exchanges give a security in its last days before delisting (暴风退, 退市海润).
const DELISTING_NAME = /^(?:\*ST|ST)?退市|退$/;
// Exchange source markers the HK list appends (a trailing lower-case s).
const HK_LIST_MARKER = /s$/;

/** The listed name without the HK list's trailing marker. */
export function cleanListedName(name: string, market: "A" | "HK"): string {
  const trimmed = name.trim();
  return market === "HK" ? trimmed.replace(HK_LIST_MARKER, "").trim() : trimmed;
}

/** Whether a printed name carries a suffix only HK listings have (康希诺生物-B, 京东集团-SW). */
export function hasHkOnlySuffix(name: string): boolean {
  return HK_ONLY_SUFFIX.test(foldText(name));
}

/**
 * Whether a listed name is a delisting name (暴风退, 退市海润). Its key is a stem of the
 * company's earlier names (暴风 of 暴风科技, 暴风集团), which no list still carries.
 */
export function isDelistingName(name: string): boolean {
  return DELISTING_NAME.test(foldText(name));
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
  // 京东方A, 万科A: the A that tells the A shares from the B shares is left off in prose (京东方).
  if (/[\u4e00-\u9fff]{2,}A$/.test(key)) out.push(key.slice(0, -1));
  return out;
}
