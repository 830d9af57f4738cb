import type { IndustryRating } from "../domain/types.js";
import { SECTORS } from "./lexicon.js";
import type { CompactText } from "./text/compact.js";
import { normalizeText } from "./text/normalize.js";
import { PhraseMatcher } from "./text/phrases.js";
import type { Zone } from "./text/zones.js";

/**
 * Title, sector and the industry rating: what a report's first page prints around its
 * headline. Title and sector lean on line structure when the text still has it; the rating is
 * read from the compact text.
 */

const HEADER_LINES = 30;
const REPORT_TYPE =
  /^[—-]*\s*(?:[\u4e00-\u9fa5]{0,8})?(?:行业|公司|策略|宏观|固收|金融工程)?(?:点评|深度|研究|周报|月报|简评|快评|跟踪|专题)?报告$|^证券研究报告|^行业研究|^公司研究/;
const SECTION_START =
  /^(?:事件|投资要点|核心观点|摘要|报告摘要|投资建议|行业事件|主要观点|要点|Summary|相关研究|行业走势)/;
/** Banner lines (招银国际 | 行业研究) and bare sector lines (互联网行业) are not headlines. */
const BANNER =
  /[|│｜]|^[\u4e00-\u9fa5]{1,8}(?:行业|板块)(?:研究|点评)?$|^[^\s(]{2,12}\s*\(\s*\d{3,6}(?:\.[A-Z]{2})?\s*[A-Z]{0,2}\s*\)$/;
const NOT_TITLE =
  /@|S\d{13}|分析师|研究助理|证书|执业|联系人|邮箱|电话|^\d|评级|^[(（]?\d{4}|^[\u4e00-\u9fa5A-Za-z]{2,16}(?:证券|证券研究所|研究所|研究院|研究中心|研究部|研究发展中心|国际|国际证券)(?:股份有限公司|有限责任公司|有限公司)?$/;

function cleanLine(line: string): string {
  return normalizeText(line)
    .replace(/^[#>\s*\-●➤►■◆▪•]+/, "")
    .replace(/\*\*/g, "")
    .trim();
}

/**
 * The headline. A text that kept its lines gives it as the first line of the first page that reads
 * like one; a text whose line breaks were lost (PDF text with every space removed) gives it by its
 * layout marker ([Table_Title]) or as the "X：Y" headline standing between the report-type
 * banner and the body's first section heading.
 */
export function extractTitle(source: string, ct?: CompactText, fileName?: string): string | null {
  const linesLost = (source.slice(0, 2000).match(/\n/g)?.length ?? 0) < 3;
  const fromLines = titleFromLines(source);
  const read = fromLines ?? (ct && linesLost ? titleFromCompact(ct) : null);
  const named = fileName ? titleFromFileName(fileName) : null;
  // Where the text's headline is a guess (lines lost, or the only line it has), a downloaded
  // report's file name, when it is a title, is the better reading unless the two agree.
  if (read && named && (linesLost || !fromLines)) return sharesRun(read, named, 6) ? read : named;
  return read ?? named;
}

/**
 * A file name that is a title ("医药生物行业周报：第四批国采在即.pdf", "yiyao__…pdf.txt"): extensions,
 * a leading ASCII tag ("yiyao__") and numbering ("001_") removed. Hashes and codes are not titles.
 */
export function titleFromFileName(fileName: string): string | null {
  let stem = fileName.split(/[\\/]/).pop() ?? "";
  stem = stem.replace(/(?:\.(?:pdf|txt|md|markdown|html?))+$/i, "");
  stem = stem
    .replace(/^[A-Za-z0-9-]+__/, "")
    .replace(/^\d{1,3}[_.\s]+/, "")
    .trim();
  // A hash has letters among its hex digits; a date (20240218) is no hash.
  if (!/[\u4e00-\u9fa5]{4}/.test(stem) || /(?=[0-9a-f]{8})(?=[0-9]*[a-f])[0-9a-f]{8}/i.test(stem)) return null;
  return stem.length > 120 ? null : stem;
}

function sharesRun(a: string, b: string, len: number): boolean {
  const fa = normalizeText(a).replace(/[\s,，:：、]/g, "");
  const fb = normalizeText(b).replace(/[\s,，:：、]/g, "");
  for (let i = 0; i + len <= fa.length; i++) if (fb.includes(fa.slice(i, i + len))) return true;
  return false;
}

const TABLE_TITLE = /Table_Title\]?/;
const BODY_START =
  /\[?Table_|投资要点|核心观点|报告摘要|摘要[:：]|行业核心观点|主要观点|事件[:：]|投资建议|报告要点|本报告|证券分析师|分析师|研究助理|\d{4}年\d{1,2}月\d{1,2}日|。/;
const BANNER_END =
  /(?:证券研究报告|研究报告|深度报告|深度研究|点评报告|专题报告|行业周报|行业月报|周报|月报|跟踪报告|策略报告|公司研究|行业研究|[)）])(?:[—-]+)?/g;
const MAX_TITLE = 60;
const MIN_TITLE = 6;

function titleFromCompact(ct: CompactText): string | null {
  const head = ct.text.slice(0, 2500);
  // Positions are found on the folded text; the title is returned as printed.
  const printed = (from: number, to: number): string => ct.raw.slice(from, to).trim();
  const marked = TABLE_TITLE.exec(head);
  if (marked) {
    const rest = head.slice(marked.index + marked[0].length);
    const end = /\[?Table_|。/.exec(rest)?.index ?? MAX_TITLE;
    const title = rest.slice(0, end).trim();
    const from = marked.index + marked[0].length;
    if (title.length >= MIN_TITLE && title.length <= MAX_TITLE && readsAsTitle(title)) return printed(from, from + end);
  }
  // "…深度研究报告推荐（首次）医美供应商：高进入壁垒，先发企业快速迭代[body]": a headline holds a
  // colon and stops before the body's first heading.
  for (const m of head.slice(0, 800).matchAll(BANNER_END)) {
    const from = m.index + m[0].length;
    const rest = head.slice(from, from + 200);
    const stop = BODY_START.exec(rest);
    const candidate = rest.slice(0, stop ? stop.index : MAX_TITLE);
    const colon = candidate.search(/[:：]/);
    if (colon < 2 || candidate.length > MAX_TITLE || candidate.length < MIN_TITLE) continue;
    if (readsAsTitle(candidate)) return printed(from, from + candidate.length);
  }
  return null;
}

const NOT_IN_TITLE =
  /@|S\d{13}|分析师|评级|执业|证书|Email|邮箱|电话|资料来源|数据来源|报告日期|发布日期|《|》|[;；。]|\d{6}|\d{4}年\d{1,2}月\d{1,2}日/i;

function readsAsTitle(candidate: string): boolean {
  return /[\u4e00-\u9fa5]{4}/.test(candidate) && !NOT_IN_TITLE.test(candidate);
}

/** The headline: the first line of the first page that reads like one, before the body starts. */
function titleFromLines(source: string): string | null {
  const lines = source.slice(0, 6000).split(/\r?\n/);
  let seen = 0;
  for (const rawLine of lines) {
    const line = cleanLine(rawLine);
    if (line.length === 0) continue;
    if (++seen > HEADER_LINES) break;
    if (SECTION_START.test(line)) return null;
    if (line.endsWith("。") || line.length > 80) return null;
    if (line.length < 6 || REPORT_TYPE.test(line) || NOT_TITLE.test(line) || BANNER.test(line)) continue;
    if (!/[\u4e00-\u9fa5]/.test(line)) continue;
    return rawLine
      .replace(/^[#>\s*\-●➤►■◆▪•]+/, "")
      .replace(/\*\*/g, "")
      .trim();
  }
  return null;
}

let sectors: PhraseMatcher<string> | null = null;
function sectorMatcher(): PhraseMatcher<string> {
  sectors ??= new PhraseMatcher(SECTORS);
  return sectors;
}

/**
 * The sector by weight of evidence: a header line that is an industry name (计算机 / 传媒行业点评
 * 报告) counts most, an analyst's title (首席互联网分析师) next, then the first industry word of
 * each related-report title.
 */
export function extractSector(ct: CompactText, related: Zone[]): string | null {
  const votes = new Map<string, number>();
  const vote = (s: string, w: number): void => {
    votes.set(s, (votes.get(s) ?? 0) + w);
  };
  const m = sectorMatcher();
  let seen = 0;
  for (const rawLine of ct.source.slice(0, 4000).split(/\r?\n/)) {
    const line = cleanLine(rawLine).replace(/\s+/g, "");
    if (line.length === 0) continue;
    if (++seen > HEADER_LINES) break;
    // A banner (2024年1月15日│中国内地│美容护理) holds the sector as one of its segments.
    for (const segment of line.split(/[|│｜]/)) {
      const hit = m.longestAt(segment, 0);
      if (!hit) continue;
      const rest = segment.slice(hit.end);
      if (rest === "" || /^(?:行业|板块)/.test(rest)) vote(hit.phrase, 5);
    }
  }
  const text = ct.text;
  // Without line breaks: the sector printed first, right before the date or 行业.
  const lead = /^[#>\-*]*/.exec(text)?.[0].length ?? 0;
  const first = m.longestAt(text, lead);
  if (first && /^(?:\d|行业)/.test(text.slice(first.end, first.end + 2)) && votes.size === 0) vote(first.phrase, 5);
  // An analyst's title names the sector: 首席互联网分析师, 计算机行业分析师.
  const head = text.slice(0, 8000);
  for (let at = head.indexOf("分析师"); at >= 0; at = head.indexOf("分析师", at + 3)) {
    const before = head.slice(Math.max(0, at - 8), at).replace(/行业$/, "");
    for (let k = 0; k < before.length - 1; k++) {
      const hit = m.longestAt(before, k);
      if (hit && hit.end === before.length) {
        vote(hit.value, 3);
        break;
      }
    }
  }
  for (const z of related) {
    const zoneText = text.slice(z.start, z.end);
    for (const item of zoneText.split(/《|\d+[.、]|-(?=20\d\d)/)) {
      for (let i = 0; i < Math.min(item.length, 12); i++) {
        const hit = m.longestAt(item, i);
        if (hit) {
          vote(hit.value, 1);
          break;
        }
      }
    }
  }
  let best: [string, number] | null = null;
  for (const e of votes) if (!best || e[1] > best[1]) best = e;
  return best?.[0] ?? null;
}

const ACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^首次/, "首次"],
  [/^(?:上调|调高|提升|上修)/, "上调"],
  [/^(?:下调|调低|下修|降低)/, "下调"],
  [/^维持/, "维持"],
];

function action(word: string | undefined): string | null {
  if (!word) return null;
  for (const [re, a] of ACTIONS) if (re.test(word)) return a;
  return null;
}

const ACT = "(维持|首次覆盖|首次评级|首次|上调|下调|调高|调低)";

/**
 * The industry rating printed near the headline: 投资评级：看好（维持）, 增持 (维持),
 * 推荐 ⏎ 维持评级, 投资建议：强于大市（维持）, 维持"推荐"评级. Labels must belong to the report's
 * own industry scale when it printed one.
 */
export function extractIndustryRating(
  ct: CompactText,
  headerEnd: number,
  labels: ReadonlySet<string>,
): IndustryRating | null {
  const text = ct.text.slice(0, headerEnd);
  const alternation = [...labels].sort((a, b) => b.length - a.length).join("|");
  if (alternation.length === 0) return null;
  const L = `(${alternation})`;
  const patterns: Array<{ re: RegExp; label: number; act: number }> = [
    { re: new RegExp(`(?:行业|投资)?(?:评级|投资建议)[:：]${L}(?:\\(${ACT}[^)]{0,4}\\))?`), label: 1, act: 2 },
    { re: new RegExp(`${L}\\(${ACT}[^)]{0,4}\\)`), label: 1, act: 2 },
    { re: new RegExp(`${ACT}(?:行业)?[“"]?${L}[”"]?评级`), label: 2, act: 1 },
    { re: new RegExp(`${L}${ACT}评级`), label: 1, act: 2 },
  ];
  let best: { at: number; rating: IndustryRating } | null = null;
  for (const p of patterns) {
    const m = p.re.exec(text);
    if (m && (!best || m.index < best.at)) {
      best = { at: m.index, rating: { label: m[p.label]!, action: action(m[p.act]) } };
    }
  }
  return best?.rating ?? null;
}
