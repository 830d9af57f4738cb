import type { LabelDirection, Security } from "../../domain/types.js";
import type { PhraseHit } from "../text/phrases.js";
import { actionFromPrevious, readCall } from "./calls.js";
import type { Candidate } from "./candidate.js";
import { codesIn, nameAfter, nameBefore, type TableContext } from "./tables.js";

/**
 * The company a company report covers: named with its code under the headline (爱美客 (300896 CH))
 * and rated there (投资评级(首次): 买入 / 买入（维持） / 给予"买入"评级 / 300760.SZ 增持 原评级:增持),
 * with the action and target price the header prints. A report that says it is company research
 * rates the first code of its header; any other report only a code printed right beside a rating
 * of its own stock scale (an industry report's header rating is the industry's).
 */
const COMPANY_REPORT = /公司研究|公司点评|公司深度|公司报告|首次覆盖|公司动态|公司简评|公司跟踪|公司首次|Company/i;
const ACT = "(?:首次|维持|上调|下调|调高|调低)";

export interface CoverContext extends TableContext {
  /** The stock scale's labels, strongest first (for 原评级 comparisons). */
  order: string[];
}

export function coveredCompany(ctx: CoverContext, headerEnd: number, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const header = text.slice(0, headerEnd);
  const codes = codesIn({ ...ctx, end: Math.min(ctx.end, headerEnd) });
  let chosen: { code: (typeof codes)[number]; rating: PhraseHit<LabelDirection> } | null = null;
  for (const code of codes) {
    const beside = ratingBeside(ctx, code.end);
    if (beside) {
      chosen = { code, rating: beside };
      break;
    }
  }
  if (!chosen && COMPANY_REPORT.test(text.slice(0, 400))) {
    const rating = headerRating(ctx, header);
    if (rating && codes[0]) chosen = { code: codes[0], rating };
  }
  if (!chosen) return;
  const { code, rating } = chosen;
  const security = ctx.lookup.byCode(code.code);
  const name =
    nameBefore(ctx, text[code.start - 1] === "(" ? code.start - 1 : code.start, security) ??
    nameAfter(ctx, code.end, security) ??
    (security ? nameInText(ctx, security) : null);
  if (!name) return;
  // A header that lists several companies (an industry report's table) says nothing of one of them.
  const single = new Set(codes.map((c) => c.code)).size <= 2 || COMPANY_REPORT.test(text.slice(0, 400));
  const call = single ? readCall(header, ctx.ratings) : { rating: null, action: null, target: null };
  const action =
    (call.rating?.label === rating.phrase ? call.action : null) ??
    (single ? actionFromPrevious(header, rating.phrase, ctx.ratings, ctx.order) : null);
  emit({
    name: name.name,
    printedCode: code.code,
    stance: rating.value === "positive" ? "recommend" : "watch",
    rating: rating.phrase,
    action,
    target: call.target,
    start: name.start,
    end: name.end,
    resolution: name.resolution,
    clause: { start: Math.min(rating.start, code.start), end: Math.max(rating.end, code.end) },
  });
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
    const bare = n.replace(/^(?:\*?ST|N|C)|[-－](?:U|W|UW|WD|B|SW|S)$/gi, "");
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
    new RegExp(`(?:投资|公司|股票)?评级(?:\\(${ACT}[^)]{0,4}\\))?[:：]?[“"]?${L}`),
    new RegExp(`${L}\\(${ACT}[^)]{0,4}\\)`),
    new RegExp(`(?:给予|维持|首次覆盖并给予|首次覆盖,给予)[“"]?${L}[”"]?评级`),
  ];
  let best: PhraseHit<LabelDirection> | null = null;
  for (const re of patterns) {
    const m = re.exec(header);
    if (!m) continue;
    const phrase = m[1]!;
    const start = m.index + m[0].lastIndexOf(phrase);
    const value = ctx.ratings.longestAt(header, start)?.value;
    if (value && (!best || m.index < best.start)) best = { phrase, value, start: m.index, end: m.index + m[0].length };
  }
  return best;
}
