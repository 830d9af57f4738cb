import type { LabelDirection, Security } from "../../domain/types.js";
import { normalizeText } from "../text/normalize.js";
import type { PhraseHit } from "../text/phrases.js";
import { actionFromPrevious, type CallRead, readCall, readTarget } from "./calls.js";
import { asProsePrints, type Candidate } from "./candidate.js";
import { namesSecurity } from "./lookup.js";
import { type CodeHit, codesIn, nameAfter, nameBefore, type TableContext } from "./tables.js";

/**
 * The company a company report covers, rated by the report: its code printed beside its rating on
 * the cover (300760.SZ 增持 原评级:增持), or, in a report that reads as company research, the
 * company its header names with a code and its text keeps naming, rated in the header
 * (投资评级(首次): 买入, 买入-A（维持）, [Table_Invest]增持|上调) or in the summary with the company
 * as the unnamed subject (首次覆盖，给予“增持”评级; 上调至增持评级). The action and target price come
 * from the same words. An industry report's header rating is the industry's, never a company's.
 */
const COMPANY_REPORT =
  /公司研究|公司点评|公司深度|公司报告|公司快报|公司动态|公司简评|公司跟踪|公司首次|首次覆盖|更新报告|(?:年报|中报|季报|业绩)(?:点评|评论|快评)|Company/i;
const ACT = "(?:首次|维持|上调|下调|调高|调低)";
/** How many times a report names its company, at least. */
const MIN_MENTIONS = 3;
/** How far into a company report its summary may give the rating. */
const SUMMARY_REACH = 6000;

export interface CoverContext extends TableContext {
  /** The stock scale's labels, strongest first (for 原评级 comparisons). */
  order: string[];
}

export function coveredCompany(
  ctx: CoverContext,
  headerEnd: number,
  title: string | null,
  emit: (c: Candidate) => void,
): void {
  const text = ctx.ct.text;
  const header = text.slice(0, headerEnd);
  const codes = codesIn({ ...ctx, end: Math.min(ctx.end, headerEnd) });
  let chosen: { code: CodeHit; rating: PhraseHit<LabelDirection> } | null = null;
  for (const code of codes) {
    const beside = ratingBeside(ctx, code.end);
    if (beside) {
      chosen = { code, rating: beside };
      break;
    }
  }
  const titled = title ? namedWithCode(ctx, normalizeText(title)) : null;
  const companyReport =
    saysCompanyReport(ctx, text.slice(0, 600)) || namedWithCode(ctx, text.slice(0, 300)) !== null || titled !== null;
  let summary: CallRead | null = null;
  if (!chosen && companyReport) {
    const subject =
      codes.find((c) => {
        const sec = ctx.lookup.byCode(c.code);
        return sec !== null && mentions(ctx, sec) >= MIN_MENTIONS;
      }) ?? (titled && mentions(ctx, titled) >= MIN_MENTIONS ? firstMention(ctx, titled) : undefined);
    const rating = headerRating(ctx, header);
    if (subject && rating) chosen = { code: subject, rating };
    else if (subject) {
      // Rated in the summary: the first rating the company's own report gives without naming
      // another company (首次覆盖，给予“增持”评级).
      summary = readCall(outsideZones(ctx, Math.min(ctx.end, Math.max(headerEnd, SUMMARY_REACH))), ctx.ratings);
      if (summary.rating) {
        const value = summary.rating.direction;
        chosen = {
          code: subject,
          rating: { phrase: summary.rating.label, value, start: subject.start, end: subject.end },
        };
      }
    }
  }
  if (!chosen) return;
  const { code, rating } = chosen;
  const security = ctx.lookup.byCode(code.code);
  // A code the text prints has its name beside it; a company named only in the title, where the
  // text first names it.
  const printedCode = code.printed !== false;
  const name = printedCode
    ? (nameBefore(ctx, text[code.start - 1] === "(" ? code.start - 1 : code.start, security) ??
      nameAfter(ctx, code.end, security) ??
      (security ? nameInText(ctx, security) : null))
    : security
      ? nameInText(ctx, security)
      : null;
  if (!name) return;
  // A header that lists several companies (an industry report's table) says nothing of one of them.
  const single = new Set(codes.map((c) => c.code)).size <= 2 || companyReport;
  const call = summary ?? (single ? readCall(header, ctx.ratings) : { rating: null, action: null, target: null });
  const action =
    (call.rating?.label === rating.phrase ? call.action : null) ??
    (single ? actionFromPrevious(header, rating.phrase, ctx.ratings, ctx.order) : null);
  const target = call.target ?? (single ? readTarget(header) : null);
  emit({
    name: name.name,
    printedCode: code.code,
    stance: rating.value === "positive" ? "recommend" : "watch",
    rating: rating.phrase,
    action,
    target,
    start: name.start,
    end: name.end,
    resolution: name.resolution,
    clause: { start: Math.min(rating.start, code.start), end: Math.max(rating.end, code.end) },
  });
}

/**
 * "爱美客（300896）深度研究", "昊海生科(688366)公司跟踪报告": a name printed with its own code at the
 * top (or in the title): the security, or null.
 */
function namedWithCode(ctx: TableContext, top: string): Security | null {
  for (const m of top.matchAll(/([\u4e00-\u9fa5A-Za-z]{2,10})\((\d{6}|\d{4,5}\.?HK)/g)) {
    const code = m[2]!.replace(/\.?HK$/, "");
    const sec = ctx.lookup.byCode(code.length === 6 ? code : code.padStart(5, "0"));
    if (!sec) continue;
    const run = m[1]!;
    for (let k = 0; k + 2 <= run.length; k++) if (namesSecurity(ctx.lookup, run.slice(k), sec)) return sec;
  }
  return null;
}

/** The text up to `end` with excluded zones (related reports' titles, the definitions) blanked out. */
function outsideZones(ctx: TableContext, end: number): string {
  const text = ctx.ct.text;
  let out = "";
  let from = 0;
  for (let i = 0; i < end; i++) {
    if (!ctx.excluded.contains(i)) continue;
    out += `${text.slice(from, i)}。`;
    while (i < end && ctx.excluded.contains(i)) i++;
    from = i;
  }
  return out + text.slice(from, end);
}

/** The report calls itself company research (not a related report's title: 《公司点评：…》). */
function saysCompanyReport(ctx: TableContext, top: string): boolean {
  for (const m of top.matchAll(new RegExp(COMPANY_REPORT.source, "gi"))) {
    if (!ctx.excluded.contains(m.index)) return true;
  }
  return false;
}

/** Where the text first names a security, as a stand-in for a code it never prints. */
function firstMention(ctx: TableContext, security: Security): CodeHit | undefined {
  const at = nameInText(ctx, security);
  return at ? { code: security.code, start: at.start, end: at.end, printed: false } : undefined;
}

/** How often the text names a security under its current or a former name (capped: enough is enough). */
function mentions(ctx: TableContext, security: Security): number {
  const raw = ctx.ct.raw;
  let n = 0;
  for (const name of new Set([security.name, ...security.names.map((x) => x.name)])) {
    const bare = asProsePrints(name);
    if (bare.length < 2) continue;
    for (let at = raw.indexOf(bare); at >= 0 && n < 50; at = raw.indexOf(bare, at + bare.length)) n++;
  }
  return n;
}

/** "300760.SZ增持", "(300896)买入": a rating label printed right after the code. */
function ratingBeside(ctx: TableContext, at: number): PhraseHit<LabelDirection> | null {
  const text = ctx.ct.text;
  let i = at;
  while (i < at + 3 && /[)\]:：\s]/.test(text[i] ?? "")) i++;
  const hit = ctx.ratings.longestAt(text, i);
  if (!hit) return null;
  // "买入评级" or a label followed by another word of the same table is still the rating.
  return { ...hit, start: at, end: hit.end };
}

/** The covered company's name as the report prints it: its first mention under any of its names. */
function nameInText(
  ctx: TableContext,
  security: Security,
): { start: number; end: number; name: string; resolution: Candidate["resolution"] } | null {
  const raw = ctx.ct.raw;
  let best: { start: number; name: string } | null = null;
  for (const n of [security.name, ...security.names.map((x) => x.name)]) {
    const bare = asProsePrints(n);
    if (bare.length < 2) continue;
    const at = raw.indexOf(bare);
    if (at >= 0 && at < ctx.end && (!best || at < best.start)) best = { start: at, name: bare };
  }
  if (!best) return null;
  return {
    start: best.start,
    end: best.start + best.name.length,
    name: best.name,
    resolution: { status: "resolved", security, matchedName: best.name },
  };
}

function headerRating(ctx: TableContext, header: string): PhraseHit<LabelDirection> | null {
  const labels = new Set<string>();
  for (const hit of ctx.ratings.scan(header)) labels.add(hit.phrase);
  if (labels.size === 0) return null;
  const L = `(${[...labels].sort((a, b) => b.length - a.length).join("|")})`;
  const patterns = [
    new RegExp(`(?<!行业)(?:投资|公司|股票)?评级(?:\\(${ACT}[^)]{0,4}\\))?[:：]?[“"]?${L}`),
    new RegExp(`${L}(?:-[A-Z])?\\(${ACT}[^)]{0,4}\\)`),
    // [Table_Invest]增持|上调
    new RegExp(`${L}[|｜]${ACT}`),
    new RegExp(`(?:给予|维持|首次覆盖并给予|首次覆盖,给予)[“"]?${L}[”"]?评级`),
  ];
  let best: PhraseHit<LabelDirection> | null = null;
  for (const re of patterns) {
    const m = re.exec(header);
    if (!m) continue;
    const phrase = m[1]!;
    const start = m.index + m[0].lastIndexOf(phrase);
    const value = ctx.ratings.longestAt(header, start)?.value;
    // The rating definitions and related reports' titles rate nothing.
    if (ctx.excluded.contains(start)) continue;
    if (value && (!best || m.index < best.start)) best = { phrase, value, start: m.index, end: m.index + m[0].length };
  }
  return best;
}
