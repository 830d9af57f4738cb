import type { Checkpoint, IsoDate, LabelDirection, TargetPrice, Verdict } from "../domain/types.js";
import type { CallSet } from "../scoring/callSet.js";
import type { Call, CallEndReason, PickRole, RatingChangeKind } from "../scoring/calls.js";
import { type ClusteredInterval, clusteredWilson, clusterSumsOf } from "../scoring/clustered.js";
import type { HitRate } from "../scoring/index.js";
import { wilsonInterval } from "../scoring/wilson.js";
import type { PickView } from "../store/pickViews.js";

/** One call as the API and calls.csv show it. */
export interface CallView {
  key: string | number;
  broker: { firm: string; name: string | null };
  security: { symbol: string; code: string | null; name: string | null };
  position: string;
  rated: boolean;
  direction: LabelDirection | null;
  openedOn: IsoDate;
  firstCoverage: boolean;
  reiterations: { count: number; pickIds: (string | number)[] };
  lastConfirmedOn: IsoDate;
  end: { on: IsoDate; reason: CallEndReason; byPickId: string | number | null } | null;
  expiresOn: IsoDate | null;
  judgedAs: string | null;
  benchmark: string | null;
  verdict: Verdict;
  entry: { date: IsoDate; price: number } | null;
  exit: Checkpoint | null;
  toDate: Checkpoint | null;
  tradingDays: number | null;
  reason: string | null;
}

export interface CallFilter {
  /** The broker's firm. */
  firm?: string | undefined;
  symbol?: string | undefined;
  status?: "open" | "closed" | undefined;
  verdict?: Verdict | undefined;
}

export interface CallHitRate {
  view: "calls";
  /** Hits, judged calls (hit + miss), their rate and 95% Wilson interval as if the calls were independent. */
  count: number;
  n: number;
  rate: number | null;
  interval: { low: number; high: number } | null;
  /** The interval with the calls clustered by their opening report (calls opened by one report share its day). */
  clustered: (ClusteredInterval & { calls: number; reports: number }) | null;
}

export interface PickHitRate extends HitRate {
  view: "picks";
}

export interface CallSummary {
  calls: number;
  open: number;
  closed: number;
  /** Calls with a verdict of hit or miss. */
  judged: number;
  hits: number;
  /** One bet per idea (the default view). */
  perCall: CallHitRate;
  /** Every report pick counted, as the broker's scorecard counts them. */
  perPick: PickHitRate;
}

/** A call's view; `securityOf` and `brokerName` look up names (null when unknown). */
export function callView(
  set: CallSet,
  call: Call,
  securityOf: (symbol: string) => { code: string; name: string } | null,
  brokerName: (firm: string) => string | null,
): CallView {
  const score = set.scores.get(call.key);
  const security = securityOf(call.symbol);
  return {
    key: call.key,
    broker: { firm: call.firm, name: brokerName(call.firm) },
    security: { symbol: call.symbol, code: security?.code ?? null, name: security?.name ?? null },
    position: call.position,
    rated: call.rated,
    direction: call.direction,
    openedOn: call.openedOn,
    firstCoverage: call.firstCoverage,
    reiterations: { count: call.reiterations.length, pickIds: call.reiterations },
    lastConfirmedOn: call.lastConfirmedOn,
    end: call.end === null ? null : { on: call.end.on, reason: call.end.reason, byPickId: call.end.by },
    expiresOn: call.expiresOn,
    judgedAs: score?.judgedAs ?? null,
    benchmark: score?.benchmark ?? null,
    verdict: score?.verdict ?? "unscorable",
    entry: score?.entry ?? null,
    exit: score?.exit ?? null,
    toDate: score?.toDate ?? null,
    tradingDays: score?.tradingDays ?? null,
    reason: score?.reason ?? (score === undefined ? "not scored" : null),
  };
}

/** The calls that pass the filter, newest opened first. */
export function filterCalls(set: CallSet, f: CallFilter): Call[] {
  const out = set.calls.filter(
    (c) =>
      (f.firm === undefined || c.firm === f.firm) &&
      (f.symbol === undefined || c.symbol === f.symbol) &&
      (f.status === undefined || (f.status === "open") === (c.end === null)) &&
      (f.verdict === undefined || (set.scores.get(c.key)?.verdict ?? "unscorable") === f.verdict),
  );
  return out.reverse();
}

/** Counts and hit rates of the calls, per call, beside the per-pick hit rate of the broker's scorecard. */
export function callSummary(set: CallSet, calls: readonly Call[], perPick: HitRate | null): CallSummary {
  let open = 0;
  const judged: [string | number, boolean][] = [];
  for (const c of calls) {
    if (c.end === null) open++;
    const verdict = set.scores.get(c.key)?.verdict;
    if (verdict === "hit" || verdict === "miss") judged.push([c.reports[0] ?? c.key, verdict === "hit"]);
  }
  const hits = judged.filter(([, hit]) => hit).length;
  const sums = clusterSumsOf(judged);
  const clustered = clusteredWilson(sums);
  return {
    calls: calls.length,
    open,
    closed: calls.length - open,
    judged: judged.length,
    hits,
    perCall: {
      view: "calls",
      count: hits,
      n: judged.length,
      rate: judged.length === 0 ? null : hits / judged.length,
      interval: wilsonInterval(hits, judged.length),
      clustered: clustered === null ? null : { ...clustered, calls: sums.n, reports: sums.clusters },
    },
    perPick: { view: "picks", ...(perPick ?? { count: 0, n: 0, rate: null, interval: null }) },
  };
}

/** One report's rating of a security, as the rating history shows it. */
export interface RatingEntry {
  pickId: number;
  reportId: number;
  reportDate: IsoDate | null;
  broker: { id: string; name: string; firm: string };
  stance: PickView["stance"];
  rating: string | null;
  action: PickView["ratingAction"];
  targetPrice: Pick<TargetPrice, "value" | "currency"> | null;
  role: PickRole;
  /** The call the pick opened or reiterated (its key); null when it takes no part in one. */
  call: string | number | null;
}

export interface RatingChangeView {
  pickId: string | number;
  firm: string;
  on: IsoDate;
  kind: RatingChangeKind;
  from: string;
  to: string;
  closedCall: string | number;
  openedCall: string | number;
}

/** The rating history of the picks (of one security), oldest report first. */
export function ratingEntries(set: CallSet, picks: readonly PickView[]): RatingEntry[] {
  const entries = picks.map(
    (p): RatingEntry => ({
      pickId: p.id,
      reportId: p.reportId,
      reportDate: p.reportDate,
      broker: { id: p.broker.id, name: p.broker.name, firm: p.broker.firm ?? p.broker.id },
      stance: p.stance,
      rating: p.rating,
      action: p.ratingAction,
      targetPrice: p.targetPrice === null ? null : { value: p.targetPrice.value, currency: p.targetPrice.currency },
      role: set.roles.get(p.id) ?? "none",
      call: set.callOf.get(p.id) ?? null,
    }),
  );
  // Undated reports last: they have no place on the timeline.
  const day = (e: RatingEntry) => e.reportDate ?? "9999-99-99";
  return entries.sort(
    (a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0) || a.reportId - b.reportId || a.pickId - b.pickId,
  );
}

export function ratingChanges(set: CallSet, symbol: string, firm: string | undefined): RatingChangeView[] {
  return set.changes
    .filter((c) => c.symbol === symbol && (firm === undefined || c.firm === firm))
    .map((c) => ({
      pickId: c.key,
      firm: c.firm,
      on: c.on,
      kind: c.kind,
      from: c.from,
      to: c.to,
      closedCall: c.closed,
      openedCall: c.opened,
    }));
}
