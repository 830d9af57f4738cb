import type { LabelDirection, ResolvedPick, Stance } from "../../domain/types.js";
import { type CompactText, sourceSpan } from "../text/compact.js";
import { PhraseMatcher } from "../text/phrases.js";
import type { ZoneSet } from "../text/zones.js";
import { MAX_SCOPES, stanceScopes } from "./advice.js";
import { readCall } from "./calls.js";
import { type Candidate, candidateKey, clauseAround, printed, withoutMarker } from "./candidate.js";
import { coveredCompany } from "./covered.js";
import { listedCandidates } from "./listed.js";
import type { Lookup } from "./lookup.js";
import { ratedParagraphs } from "./paragraphs.js";
import { ratedCandidates, ratedInText, uncodedRows } from "./tables.js";

export interface PickScan {
  ct: CompactText;
  lookup: Lookup;
  /** Labels of the report's stock scale (or the generic lexicon when it printed none). */
  ratings: PhraseMatcher<LabelDirection>;
  /** Related-report lists, cited titles, the rating definitions. */
  excluded: ZoneSet;
  /** The stock scale's labels, strongest first. */
  order: string[];
  /** Where the boilerplate starts. */
  end: number;
  /** Where the first page's header ends (a company report rates its company there). */
  headerEnd: number;
  /** The report's title (from its text or file name): a company report names its company there. */
  title: string | null;
  /** Findings worth telling the user are added here. */
  warnings: string[];
}

const STRENGTH: Record<Stance, number> = { recommend: 3, watch: 2, beneficiary: 1 };

interface Merged extends Candidate {
  fromAdvice: boolean;
}

/**
 * Every pick of the report, one per security (or per printed name when unresolved): names
 * listed under a stance in the advice, and securities printed with a rating in a table or inline.
 * When both see the same security, the strongest stance wins (a positive rating printed for the
 * stock is a recommendation), the table gives the rating, and the first appearance in the text
 * gives name, span and evidence.
 */
export function extractPicks(scan: PickScan): ResolvedPick[] {
  const merged = new Map<string, Merged>();
  const add = (c: Candidate, fromAdvice: boolean): void => {
    const key = candidateKey(c);
    const prev = merged.get(key);
    if (!prev) {
      merged.set(key, { ...c, fromAdvice });
      return;
    }
    const earlier = c.start < prev.start;
    // One name, one pick: the strongest stance the report gives it wins.
    if (STRENGTH[c.stance] > STRENGTH[prev.stance]) prev.stance = c.stance;
    prev.fromAdvice ||= fromAdvice;
    if (earlier) {
      prev.name = c.name;
      prev.start = c.start;
      prev.end = c.end;
      prev.clause = c.clause;
    }
    prev.rating ??= c.rating;
    prev.action ??= c.action ?? null;
    prev.target ??= c.target ?? null;
    prev.printedCode ??= c.printedCode;
  };

  const found: Array<{ c: Candidate; fromAdvice: boolean }> = [];
  const listCtx = { ct: scan.ct, lookup: scan.lookup, ratings: scan.ratings, seen: new Set<string>() };
  const scopes = stanceScopes(scan.ct, scan.end, scan.excluded);
  if (scopes.length >= MAX_SCOPES) scan.warnings.push(`stopped reading advice after ${MAX_SCOPES} stance clauses`);
  for (const scope of scopes) listedCandidates(listCtx, scope, (c) => found.push({ c, fromAdvice: true }));
  const tableCtx = {
    ct: scan.ct,
    lookup: scan.lookup,
    ratings: scan.ratings,
    excluded: scan.excluded,
    end: scan.end,
    order: scan.order,
  };
  const fromTable = (c: Candidate): void => {
    found.push({ c, fromAdvice: false });
  };
  coveredCompany(tableCtx, scan.headerEnd, scan.title, fromTable);
  ratedCandidates(tableCtx, fromTable);
  uncodedRows(tableCtx, fromTable);
  ratedInText(tableCtx, fromTable);
  ratedParagraphs(tableCtx, fromTable);

  // A name printed with its code once means that listing wherever the report names it without
  // one (康龙化成（3759.HK）… 首选标的康龙化成: the Hong Kong shares, not the A-shares).
  const coded = new Map<string, Candidate["resolution"]>();
  for (const { c } of found) {
    if (c.printedCode && c.resolution.status === "resolved") coded.set(withoutMarker(c.name), c.resolution);
  }
  for (const { c, fromAdvice } of found) {
    if (!c.printedCode) c.resolution = coded.get(withoutMarker(c.name)) ?? c.resolution;
    add(c, fromAdvice);
  }

  const picks = [...merged.values()].sort((a, b) => a.start - b.start);
  readCalls(scan, picks);
  return picks.map((c) => {
    const security = c.resolution.status === "resolved" ? c.resolution.security : null;
    return {
      name: c.name,
      printedCode: c.printedCode,
      stance: c.rating && scan.ratings.longestAt(c.rating, 0)?.value === "positive" ? "recommend" : c.stance,
      rating: c.rating,
      ratingAction: c.action ?? null,
      targetPrice: c.target ?? null,
      span: sourceSpan(scan.ct, c.start, c.end),
      evidence: printed(scan.ct, "from" in c.clause ? clauseAround(scan.ct, c.clause.from, c.start, c.end) : c.clause),
      resolution: c.resolution,
      code: security?.code ?? null,
      symbol: security?.symbol ?? null,
    };
  });
}

/** Mentions of one name read for its rating, action and target; more is repetition. */
const MAX_MENTIONS = 40;
/** How far after a name its rating and target are looked for (the clause, at most). */
const CALL_REACH = 90;
const CLAUSE_STOP = /[。;；!?！？]/;

/**
 * The rating, action and target price a report prints right after a pick's name
 * (药明生物（2269.HK）：维持买入评级，提升目标价至97.0港元), anywhere the name stands outside the
 * excluded zones. A rating read from a table stays; the words only add what the table lacks.
 */
function readCalls(scan: PickScan, picks: Merged[]): void {
  const text = scan.ct.text;
  // Every pick's name in one matcher: a window is cut at the first other name in one pass.
  const names = new PhraseMatcher<Merged>();
  for (const p of picks) if (p.name.length >= 2) names.add(p.name, p);
  // Where each name stands, in one pass over the text.
  const mentions = new Map<Merged, number[]>();
  for (const hit of names.scan(text, 0, scan.end)) {
    const list = mentions.get(hit.value) ?? [];
    if (list.length < MAX_MENTIONS) list.push(hit.start);
    mentions.set(hit.value, list);
  }
  for (const p of picks) {
    for (const at of mentions.get(p) ?? []) {
      const pos = at + p.name.length;
      if (scan.excluded.contains(at)) continue;
      let window = text.slice(pos, pos + CALL_REACH);
      const stop = CLAUSE_STOP.exec(window);
      if (stop) window = window.slice(0, stop.index);
      // The words after another pick's name are that pick's.
      for (const hit of names.scan(window)) {
        if (hit.value === p) continue;
        window = window.slice(0, hit.start);
        break;
      }
      if (window.length < 2) continue;
      const call = readCall(window, scan.ratings);
      if (call.rating && (p.rating === null || p.rating === call.rating.label)) {
        p.rating ??= call.rating.label;
        p.action ??= call.action;
      }
      p.target ??= call.target;
      if (p.rating && p.action && p.target) break;
    }
  }
}
