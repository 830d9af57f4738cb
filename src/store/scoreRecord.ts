import type { Checkpoint, ScaleSource, ScoredPick, Stance } from "../domain/types.js";

/**
 * How a score is stored in pick_scores.result: what changes only when the pick is scored again
 * (entry, checkpoints, verdict, flags), compactly. Left out, because they live elsewhere:
 * - the pick's own fields (key, broker, report date, symbol, stance, rating): picks and pick_facts;
 * - "to date", which moves every trading day: pick_to_date, updated in place;
 * - each checkpoint's excess, which is `return - benchmarkReturn` exactly as scoring computes it,
 *   so it is computed again on reading, bit for bit.
 * Entry and checkpoints are tuples: entry [date, price, reportDayClose], checkpoint
 * [date, return, benchmarkReturn, stale 0/1]. A borrowed scale is recorded as
 * borrowedScale [reportId, reportDate]; absent, the pick was judged by its own report's scale.
 */
type ScoreRecord = Pick<
  ScoredPick,
  "benchmark" | "verdict" | "verdictHorizon" | "realizedLabel" | "hitWithinWindow" | "judgedAs" | "reason" | "flags"
> & {
  entry: [string, number, number | null] | null;
  checkpoints: Record<string, [string, number, number, 0 | 1] | null>;
  borrowedScale?: [number | null, string | null];
};

/** The pick's own fields, which a stored score does not repeat. */
export interface ScoredPickFields {
  key: string | number;
  /** The pick's own report (its scale source unless the score records a borrowed one). */
  reportId: number;
  broker: string;
  reportDate: string;
  symbol: string | null;
  stance: Stance;
  rating: string | null;
}

export function encodeScore(s: ScoredPick): string {
  const checkpoints: ScoreRecord["checkpoints"] = {};
  for (const key in s.checkpoints) {
    const cp = s.checkpoints[key];
    checkpoints[key] = cp ? [cp.date, cp.return, cp.benchmarkReturn, cp.stale ? 1 : 0] : null;
  }
  const record: ScoreRecord = {
    benchmark: s.benchmark,
    entry: s.entry ? [s.entry.date, s.entry.price, s.entry.reportDayClose] : null,
    checkpoints,
    verdict: s.verdict,
    verdictHorizon: s.verdictHorizon,
    realizedLabel: s.realizedLabel,
    hitWithinWindow: s.hitWithinWindow,
    judgedAs: s.judgedAs,
    reason: s.reason,
    flags: s.flags,
  };
  if (s.scaleSource.kind === "borrowed") record.borrowedScale = [s.scaleSource.reportId, s.scaleSource.reportDate];
  return JSON.stringify(record);
}

/** The stored part of a score: all but the pick's own fields and "to date"; the scale source only when borrowed. */
export type StoredScore = Omit<ScoredPick, keyof ScoredPickFields | "toDate" | "scaleSource"> & {
  borrowedScale: ScaleSource | null;
};

/** The stored part of a score, or null when `json` is not a stored score. */
export function decodeScore(json: string): StoredScore | null {
  let r: ScoreRecord;
  try {
    r = JSON.parse(json) as ScoreRecord;
  } catch {
    return null;
  }
  if (r === null || typeof r !== "object" || typeof r.verdict !== "string" || !Array.isArray(r.flags)) return null;
  const checkpoints: Record<string, Checkpoint | null> = {};
  for (const key in r.checkpoints) {
    const t = r.checkpoints[key];
    checkpoints[key] = t ? checkpoint(t[0], t[1], t[2], t[3] === 1) : null;
  }
  return {
    benchmark: r.benchmark,
    entry: r.entry ? { date: r.entry[0], price: r.entry[1], reportDayClose: r.entry[2] } : null,
    checkpoints,
    verdict: r.verdict,
    verdictHorizon: r.verdictHorizon,
    realizedLabel: r.realizedLabel,
    hitWithinWindow: r.hitWithinWindow,
    judgedAs: r.judgedAs,
    reason: r.reason,
    flags: r.flags,
    borrowedScale: r.borrowedScale
      ? { kind: "borrowed", reportId: r.borrowedScale[0], reportDate: r.borrowedScale[1] }
      : null,
  };
}

/** A stored score's scale source: the borrowed one it records, else the pick's own report. */
export function scaleSourceOf(stored: StoredScore, reportId: number, reportDate: string | null): ScaleSource {
  return stored.borrowedScale ?? { kind: "own", reportId, reportDate };
}

/** A checkpoint from its stored parts; excess with the same arithmetic as scoring. */
export function checkpoint(date: string, ret: number, benchmarkReturn: number, stale: boolean): Checkpoint {
  return { date, return: ret, benchmarkReturn, excess: ret - benchmarkReturn, stale };
}

/** "To date" from its pick_to_date row (all null when the pick has none). */
export function toDateFromColumns(
  date: string | null,
  ret: number | null,
  benchmarkReturn: number | null,
  stale: number | null,
): Checkpoint | null {
  if (date === null || ret === null || benchmarkReturn === null) return null;
  return checkpoint(date, ret, benchmarkReturn, stale === 1);
}

/** A whole ScoredPick from a stored record, the pick's fields and its to-date columns. */
export function scoredPickFrom(fields: ScoredPickFields, stored: StoredScore, toDate: Checkpoint | null): ScoredPick {
  return {
    key: fields.key,
    broker: fields.broker,
    reportDate: fields.reportDate,
    symbol: fields.symbol,
    stance: fields.stance,
    rating: fields.rating,
    benchmark: stored.benchmark,
    entry: stored.entry,
    checkpoints: stored.checkpoints,
    toDate,
    verdict: stored.verdict,
    verdictHorizon: stored.verdictHorizon,
    realizedLabel: stored.realizedLabel,
    hitWithinWindow: stored.hitWithinWindow,
    judgedAs: stored.judgedAs,
    reason: stored.reason,
    flags: stored.flags,
    scaleSource: scaleSourceOf(stored, fields.reportId, fields.reportDate === "" ? null : fields.reportDate),
  };
}
