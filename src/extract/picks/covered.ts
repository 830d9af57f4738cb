import type { LabelDirection } from "../../domain/types.js";
import type { PhraseHit } from "../text/phrases.js";
import type { Candidate } from "./candidate.js";
import { codesIn, nameAfter, nameBefore, type TableContext } from "./tables.js";

/**
 * The company a company report covers: named with its code under the headline (爱美客 (300896 CH))
 * and rated there (投资评级(首次): 买入 / 买入（维持） / 给予"买入"评级). Only a report that says it
 * is company research gets one; an industry report's header rating is the industry's.
 */
const COMPANY_REPORT = /公司研究|公司点评|公司深度|公司报告|首次覆盖|公司动态|公司简评|公司跟踪|公司首次|Company/i;
const ACT = "(?:首次|维持|上调|下调|调高|调低)";

export function coveredCompany(ctx: TableContext, headerEnd: number, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  if (!COMPANY_REPORT.test(text.slice(0, 400))) return;
  const rating = headerRating(ctx, text.slice(0, headerEnd));
  if (!rating) return;
  const first = codesIn({ ...ctx, end: Math.min(ctx.end, headerEnd) })[0];
  if (!first) return;
  const security = ctx.lookup.byCode(first.code);
  const name =
    nameBefore(ctx, text[first.start - 1] === "(" ? first.start - 1 : first.start, security) ??
    nameAfter(ctx, first.end, security);
  if (!name) return;
  emit({
    name: name.name,
    printedCode: first.code,
    stance: rating.value === "positive" ? "recommend" : "watch",
    rating: rating.phrase,
    start: name.start,
    end: name.end,
    resolution: name.resolution,
    clause: { start: rating.start, end: rating.end },
  });
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
