/**
 * Splitting a stance's scope into list items ("包括昆仑万维、万兴科技、美图等") and reading each
 * item: its name, a code printed with it (美图公司(1357.HK)), a rating printed with it, or an
 * industry qualifier in parentheses that is not part of the name.
 */
export interface Item {
  /** Compact offsets of the name. */
  start: number;
  end: number;
  /** Parenthesised text printed right after the name, if any. */
  note: string | null;
  /** The separator that ended the item (":" marks a category label, not a name). */
  endedBy: string;
  /** Printed after 等 (the list had ended): only a known name counts. */
  afterList: boolean;
}

const SEPARATORS = new Set([..."、,，;；:：/|)）[]"]);
const ENUMERATOR = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z]|[ivx]{1,4})$/i;
const MAX_NOTE = 40;

export function splitItems(text: string, from: number, to: number): Item[] {
  const items: Item[] = [];
  let start = from;
  let note: string | null = null;
  let nameEnd = -1;
  let afterList = false;
  let skipping = false;
  const flush = (end: number, endedBy: string): void => {
    const e = nameEnd >= 0 ? nameEnd : end;
    if (!skipping && e > start) items.push({ start, end: e, note, endedBy, afterList });
    note = null;
    nameEnd = -1;
  };
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === "(" || c === "（") {
      const rel = text.slice(i + 1, Math.min(to, i + 1 + MAX_NOTE)).indexOf(")");
      if (rel >= 0) {
        const content = text.slice(i + 1, i + 1 + rel);
        if (ENUMERATOR.test(content)) {
          flush(i, "(");
          skipping = false;
        } else if (nameEnd < 0) {
          nameEnd = i;
          note = content;
        }
        i += rel + 1;
        if (ENUMERATOR.test(content)) start = i + 1;
        continue;
      }
    }
    if (c === "等") {
      flush(i, "等");
      afterList = true;
      skipping = true;
      continue;
    }
    if (SEPARATORS.has(c)) {
      flush(i, c);
      start = i + 1;
      skipping = false;
    }
  }
  flush(to, "");
  return items;
}

const LEADING_ENUM = /^(?:\d{1,2}[.、)]|[①-⑳]|[a-zA-Z][.)])/;
const FILLER = /^(?:包括|包含|例如|比如|譬如|诸如|如|有|其中|以及|及|和|与|或|即|像|含|是|为|主要|重点|标的|个股|对应)/;

const REPRESENTED = /(?:等)?(?:为代表|为首|为龙头|为主)/;

/** Candidate names for an item: the item as printed, then with leading filler words removed. */
export function nameCandidates(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  let s = start;
  // "…安图生物……": an ellipsis closing a list is no part of its last name.
  while (end - s > 2 && /[….·]/.test(text[end - 1]!)) end--;
  const m = LEADING_ENUM.exec(text.slice(s, end));
  if (m) s += m[0].length;
  // 以迈瑞医疗、联影医疗为代表的设备龙头: the names stand between 以 and 为代表.
  const rep = REPRESENTED.exec(text.slice(s, end));
  if (rep && rep.index >= 2) end = s + rep.index;
  if (text[s] === "以" && end - s >= 3) s++;
  const out = [{ start: s, end }];
  for (let k = 0; k < 3; k++) {
    const f = FILLER.exec(text.slice(s, end));
    if (!f) break;
    s += f[0].length;
    if (end - s >= 2) out.push({ start: s, end });
  }
  return out;
}

const NAME_CHARS = /^[\u4e00-\u9fa5A-Za-z0-9*·&-]{2,14}$/;
const FUNCTION_CHARS = /[的了是在将对从把被让向于而且但即若其之并已也还都很更最能会可要应]/;
const GENERIC =
  /龙头|板块|公司$|^公司|标的|机会|方向|领域|行业|产业|个股|企业|厂商|赛道|环节|主线|投资|布局|进展|技术|应用|生态|平台|模型|市场|需求|产品|业务|能力|标准|政策|概念|相关|受益|细分|国产|海外|国内|上游|下游|中游|设备|材料|服务|链|算力|基础设施|厂|端$|股$|潜力|战略|规模|渠道|整合|优势|增长|发展|资源|开启|提升|加速|推进|持续|稳定|较强|较大|较高|领先|突破|截止|目前/;

/** Whether an unresolved item still reads as a company name (short, no function words, no generic nouns). */
export function looksLikeName(name: string): boolean {
  if (!NAME_CHARS.test(name)) return false;
  // 双林生物15, mg100mg833: a table cell's figures glued to a word.
  if (/[\u4e00-\u9fa5A-Za-z]\d+$/.test(name) || /\d[A-Za-z]+\d/.test(name)) return false;
  if (/^\d+$/.test(name) || /^[A-Za-z]$/.test(name)) return false;
  if (!/[\u4e00-\u9fa5]/.test(name) && name.length < 3) return false;
  if (/[\u4e00-\u9fa5]/.test(name) && name.length > 8) return false;
  return !FUNCTION_CHARS.test(name) && !GENERIC.test(name);
}

const A_CODE = /(?<![\d.])(\d{6})(?:\.(?:SH|SZ|SS|BJ))?(?![\d])/i;
const HK_CODE = /(?<![\d.])(\d{3,5})\.?HK(?![A-Za-z])/i;

/** A US ticker with its exchange: AIH.O, BABA.N, HCM.US, NASDAQ:AIH. */
const US_CODE = /(?<![A-Za-z])(?:(?:NASDAQ|NYSE)[:：]?([A-Z]{1,5})|([A-Z]{1,5})\.(?:O|N|OQ|US))(?![A-Za-z])/;

/**
 * A security code printed in a note or glued to a name: 300418, 600519.SH, 1357.HK → 01357, and
 * a US ticker (AIH.O → AIH), which stays unresolved with its code: no US list is loaded.
 */
export function codeIn(text: string): { code: string; index: number; length: number } | null {
  const hk = HK_CODE.exec(text);
  if (hk) return { code: hk[1]!.padStart(5, "0"), index: hk.index, length: hk[0].length };
  const a = A_CODE.exec(text);
  if (a) return { code: a[1]!, index: a.index, length: a[0].length };
  const us = US_CODE.exec(text);
  if (us) return { code: (us[1] ?? us[2])!, index: us.index, length: us[0].length };
  return null;
}
