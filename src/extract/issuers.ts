/**
 * Securities firms named in the forms only an issuer's own name takes: a legal name
 * (XX证券股份有限公司, XX证券(香港)有限公司, XX国际证券有限公司), a research department
 * (XX证券研究所/研究院), the party a disclaimer names (本报告由XX…制作, 版权归XX…所有), whatever the
 * firm. The identifier weighs them against the broker table; a firm the table lacks is known by
 * these alone.
 *
 * The text has lost its spaces, so where a name starts is decided from the text itself: a name
 * extends to the left only while (nearly) every occurrence of it does, and never across a word
 * that introduces a name (由, 归, 供 …). 本报告由测试证券股份有限公司 gives 测试证券.
 */

export interface IssuerHit {
  /** The short name as users know it: 测试证券, 测试国际, 测试证券(香港). */
  name: string;
  /** The name without its 证券 / 国际 ending. */
  core: string;
  kind: "issuer" | "legal" | "institute" | "name";
  /** The printed words this hit was read from. */
  evidence: string;
}

const LEGAL = "(?:股份有限公司|有限责任公司|有限公司)";
const INSTITUTE = "(?:研究所|研究院|研究发展中心|研究发展部|研究中心|研究部)";

/**
 * The endings that make a name an issuer form, each after a run of Chinese characters. The
 * order of the alternatives matters: 证券研究所有限公司 is a legal name, not a 研究所.
 */
const FORMS: ReadonlyArray<{ re: RegExp; word: "证券" | "国际"; name: (core: string) => string }> = [
  {
    re: new RegExp(`证券(?:经纪)?(?:\\(香港\\)|\\(国际\\))${LEGAL}?`, "g"),
    word: "证券",
    name: (c) => `${c}证券(香港)`,
  },
  { re: new RegExp(`国际证券(?:${LEGAL}|${INSTITUTE})?`, "g"), word: "国际", name: (c) => `${c}国际` },
  { re: new RegExp(`证券(?:研究所${LEGAL}|${LEGAL}|${INSTITUTE})`, "g"), word: "证券", name: (c) => `${c}证券` },
  { re: new RegExp(`国际(?:控股)?${LEGAL}|国际研究${LEGAL}`, "g"), word: "国际", name: (c) => `${c}国际` },
];

/** Characters that end a name on its left: words that introduce one, and common sentence glue. */
const STOP = new Set(
  "由归供为是系的与和及或在对于向从经据见自被将至即等并以但该其各本此请阅读告明司所称任曾原前后及即按照根源与之".split(
    "",
  ),
);

/** A disclaimer naming the issuer: 本报告由X…, 版权归X…, 本报告仅供X…的客户. */
const ISSUER_BEFORE = /(?:由|版权归|版权属于|版权为|仅供|本报告系|本报告是|本报告为)$/;
const ISSUER_AFTER = /^(?:的)?(?:所有|版权所有|制作|发布|撰写|编制|编写|提供|分发|享有|拥有|对本报告|客户)/;

const CJK = /[\u4e00-\u9fa5]/;
const MAX_CORE = 8;
const MAX_ANCHORS = 400;
/** Whole-text counts allowed per text: a real report needs a few dozen; a flood of names gets short ones. */
const MAX_COUNTS = 64;

function count(text: string, phrase: string): number {
  let n = 0;
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) n++;
  return n;
}

/** The name's start left of `end` (the ending word's offset), or -1 when fewer than two characters. */
function coreStart(text: string, end: number, word: string, counts: Map<string, number | undefined>): number {
  let avail = 0;
  while (avail < MAX_CORE && end - avail - 1 >= 0 && CJK.test(text.charAt(end - avail - 1))) avail++;
  if (avail < 2) return -1;
  const freq = (core: string): number => {
    const key = core + word;
    let n = counts.get(key);
    if (n === undefined) {
      if (counts.size >= MAX_COUNTS) return 0;
      n = count(text, key);
      counts.set(key, n);
    }
    return n;
  };
  let len = 2;
  while (len < avail) {
    const next = text.charAt(end - len - 1);
    if (STOP.has(next)) break;
    const shorter = freq(text.slice(end - len, end));
    const longer = freq(text.slice(end - len - 1, end));
    if (longer < 2 || longer < 0.8 * shorter) break;
    len++;
  }
  return end - len;
}

export function findIssuers(text: string): IssuerHit[] {
  const hits: IssuerHit[] = [];
  const counts = new Map<string, number | undefined>();
  const taken = new Set<number>();
  let anchors = 0;
  for (const form of FORMS) {
    for (const m of text.matchAll(form.re)) {
      if (taken.has(m.index) || ++anchors > MAX_ANCHORS) continue;
      const start = coreStart(text, m.index, form.word, counts);
      if (start < 0) continue;
      const core = text.slice(start, m.index);
      const end = m.index + m[0].length;
      const printed = text.slice(start, end);
      const issuer =
        ISSUER_BEFORE.test(text.slice(Math.max(0, start - 6), start)) || ISSUER_AFTER.test(text.slice(end, end + 6));
      const legal = m[0].endsWith("公司") || m[0].includes("(香港)");
      // A bare 测试国际有限公司 is any company's name; it counts only where a disclaimer names it.
      if (form.word === "国际" && !m[0].includes("证券") && !issuer) continue;
      taken.add(m.index);
      hits.push({
        name: form.name(core),
        core,
        kind: issuer ? "issuer" : legal ? "legal" : "institute",
        evidence: printed,
      });
    }
  }
  // Plain mentions of the firms found above (測試證券 in a page header) add a little.
  const anchored = new Map<string, { core: string; n: number }>();
  for (const h of hits) {
    const a = anchored.get(h.name) ?? { core: h.core, n: 0 };
    a.n++;
    anchored.set(h.name, a);
  }
  let budget = MAX_COUNTS;
  for (const [name, { core, n }] of anchored) {
    if (--budget < 0) break;
    const plain = Math.min(6, count(text, name) - n);
    for (let i = 0; i < plain; i++) hits.push({ name, core, kind: "name", evidence: name });
  }
  return hits;
}
