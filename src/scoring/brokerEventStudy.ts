import type { PickInput } from "../domain/types.js";
import type { PricedPicks } from "./callSet.js";
import { type RatingChange, RECOMMEND_POSITION } from "./calls.js";
import { type EventCurve, emptyCurve, eventStudy } from "./eventStudy.js";

/** How a broker's event study is split: one curve, one per printed label, or upgrades and downgrades. */
export type EventStudyBy = "all" | "label" | "change";

/** The event study of one broker's picks (by broker id), each report one cluster. */
export function brokerEventCurve(priced: PricedPicks, brokerId: string): EventCurve {
  return brokerEventCurves(priced, brokerId, () => ["broker"]).get("broker") ?? emptyCurve();
}

/**
 * A broker's picks in one pass, each pick in the curves `keyOf` names (its report one cluster),
 * picks in ascending order of report.
 */
export function brokerEventCurves(
  priced: PricedPicks,
  brokerId: string,
  keyOf: (pick: PickInput) => readonly string[],
): Map<string, EventCurve> {
  const { facts } = priced;
  const mine = priced.picks
    .filter((p) => facts.get(p.key)?.brokerId === brokerId)
    .map((p) => [p, facts.get(p.key)?.reportId as number] as const)
    .sort(([a, ra], [b, rb]) => ra - rb || Number(a.key) - Number(b.key));
  return eventStudy(
    mine.map(([p]) => p),
    priced.ctx,
    keyOf,
    (p) => facts.get(p.key)?.reportId as number,
  );
}

/**
 * The group of a pick under a split: its printed label, or for an unrated pick its stance as a
 * code ("(recommend)", "watch", "beneficiary"); or "upgrade"/"downgrade" for the pick that made
 * a rating change (other picks are in no group).
 */
export function eventGroupOf(by: EventStudyBy, changes: readonly RatingChange[]): (pick: PickInput) => string | null {
  if (by === "all") return () => "all";
  if (by === "label") {
    return (p) => p.rating ?? (p.stance === "recommend" ? RECOMMEND_POSITION : p.stance);
  }
  const kinds = new Map<string | number, string>();
  for (const c of changes) if (c.kind === "upgrade" || c.kind === "downgrade") kinds.set(c.key, c.kind);
  return (p) => kinds.get(p.key) ?? null;
}
