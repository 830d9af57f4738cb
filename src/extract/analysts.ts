import type { Analyst } from "../domain/types.js";
import { type CompactText, lineBreakBefore } from "./text/compact.js";

/**
 * Analysts and their SAC licences from the author block. Names come with a role in one of a few
 * shapes (分析师：张三 / 证券分析师 张三 / 张三（分析师） / 张三 \n 首席互联网分析师); licences are
 * paired with the name they follow, or in order when the block prints all names first and all
 * licences after. A 联系人 without a licence is a contact, not an analyst.
 */
interface Mention {
  name: string;
  role: string;
  start: number;
  end: number;
}

const NAME = "[\\u4e00-\\u9fa5·]{2,5}";
const ROLE_COLON = new RegExp(`(证券分析师|首席分析师|分析师|研究助理|研究员|联系人)[:：](${NAME})`, "g");
const ROLE_BARE = new RegExp(`(证券分析师|首席分析师|研究助理|研究员|联系人)(${NAME})`, "g");
const NAME_PAREN = new RegExp(`(${NAME})\\((分析师|首席分析师|研究助理|联系人|研究员)\\)`, "g");
// Exactly S + 13 digits; a phone number glued on after a lost line break is not part of it.
const LICENCE = /(?<![A-Za-z\d])S\d{13}/g;
const STOP = /执业|证书|邮箱|电话|编号|登记|分析|研究|联系|SAC|承诺|声明|证明|本报告|我们|作者|团队|署名/;
const NOT_NAME = /^(?:本报告|我们|作者|团队|署名|本人|公司|行业|证券|投资)/;

function cleanName(raw: string, fromEnd: boolean): string | null {
  let name = raw;
  const stop = STOP.exec(name);
  if (stop) name = fromEnd ? name.slice(stop.index + stop[0].length) : name.slice(0, stop.index);
  if (fromEnd && name.length > 4) name = name.slice(-3);
  if (!fromEnd && name.length > 4) name = name.slice(0, 3);
  if (name.length < 2 || NOT_NAME.test(name)) return null;
  return name;
}

export function extractAnalysts(ct: CompactText, until: number): Analyst[] {
  const text = ct.text.slice(0, until);
  const mentions: Mention[] = [];
  const push = (name: string | null, role: string, start: number, end: number): void => {
    if (!name) return;
    if (mentions.some((m) => m.name === name || (start < m.end && end > m.start))) return;
    mentions.push({ name, role, start, end });
  };
  for (const m of text.matchAll(ROLE_COLON)) push(cleanName(m[2]!, false), m[1]!, m.index, m.index + m[0].length);
  for (const m of text.matchAll(ROLE_BARE)) {
    // Without a colon the name must be followed by its licence or contact details.
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (!/^(?:执业|证书|SAC|S\d|登记|邮箱|电话|\d|[A-Za-z])/.test(after) && !/执业|证书|S\d/.test(m[2]!)) continue;
    push(cleanName(m[2]!, false), m[1]!, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(NAME_PAREN)) push(cleanName(m[1]!, true), m[2]!, m.index, m.index + m[0].length);
  // "… 分析师" followed by contact details: the role is the run of CJK before it (at most 8).
  for (let at = text.indexOf("分析师"); at >= 0; at = text.indexOf("分析师", at + 3)) {
    if (!/[A-Za-z0-9(@]/.test(text[at + 3] ?? "")) continue;
    let start = at;
    while (start > at - 8 && start > 0 && /[\u4e00-\u9fa5]/.test(text[start - 1]!)) start--;
    roleAfterName(ct, text, start, text.slice(start, at + 3), push);
  }

  mentions.sort((a, b) => a.start - b.start);
  const licences = [...text.matchAll(LICENCE)].map((m) => ({ id: m[0], at: m.index }));
  const assigned = new Map<Mention, string>();
  const lastMention = mentions[mentions.length - 1];
  const block = lastMention !== undefined && licences.length > 0 && licences.every((l) => l.at > lastMention.end);
  if (block) {
    // All names first, all licences after (开源's header): pair in order.
    const licensed = mentions.filter((m) => m.role !== "联系人");
    licensed.forEach((m, k) => {
      const l = licences[k];
      if (l) assigned.set(m, l.id);
    });
  } else {
    const used = new Set<string>();
    mentions.forEach((m, k) => {
      const limit = mentions[k + 1]?.start ?? m.end + 120;
      const l = licences.find((x) => x.at >= m.end && x.at < limit && !used.has(x.id));
      if (l) {
        used.add(l.id);
        assigned.set(m, l.id);
      }
    });
  }
  return mentions
    .map((m) => ({ name: m.name, license: assigned.get(m) ?? null, role: m.role }))
    .filter((a) => a.license !== null || a.role !== "联系人");
}

/**
 * "赵丹 ⏎ 首席互联网分析师 dan_zhao@…": the role follows the name. The boundary between them is
 * a line break, a credential (，CFA) or the role's 首席/高级 prefix; without one the name is unsure
 * and skipped.
 */
function roleAfterName(
  ct: CompactText,
  text: string,
  at: number,
  role: string,
  push: (name: string | null, role: string, start: number, end: number) => void,
): void {
  const after = text.slice(at + role.length, at + role.length + 40);
  if (!/@|S\d{13}|\d{4}/.test(after)) return;
  let roleStart = at;
  // The role may start later than the regex thinks: at a line break or at its 首席/高级 prefix.
  for (let k = at + 1; k < at + role.length - 3; k++) if (lineBreakBefore(ct, k)) roleStart = k;
  const prefix = /首席|高级|资深/.exec(role.slice(roleStart - at));
  if (prefix && prefix.index > 0) roleStart += prefix.index;
  const printedRole = text.slice(roleStart, at + role.length);
  let end = roleStart;
  const cred = /,(?:CFA|CPA|FRM|PhD|CFP)$/i.exec(text.slice(Math.max(0, end - 6), end));
  if (cred) end -= cred[0].length;
  const boundary = cred !== null || lineBreakBefore(ct, roleStart) || /^(?:首席|高级|资深)/.test(printedRole);
  if (!boundary) return;
  let start = end;
  while (start > end - 4 && start > 0 && /[\u4e00-\u9fa5·]/.test(text[start - 1]!)) {
    if (lineBreakBefore(ct, start) && start < end) break;
    start--;
  }
  if (start > 0 && /[\u4e00-\u9fa5]/.test(text[start - 1]!) && !lineBreakBefore(ct, start)) return;
  push(cleanName(text.slice(start, end), true), printedRole, start, at + role.length);
}
