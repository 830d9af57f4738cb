import type { PricedPicks } from "./callSet.js";
import { type EventCurve, emptyCurve, eventStudy } from "./eventStudy.js";

/** The event study of one broker's picks (by broker id), each report one cluster. */
export function brokerEventCurve(priced: PricedPicks, brokerId: string): EventCurve {
  const { facts } = priced;
  const mine = priced.picks
    .filter((p) => facts.get(p.key)?.brokerId === brokerId)
    .map((p) => [p, facts.get(p.key)?.reportId as number] as const)
    .sort(([a, ra], [b, rb]) => ra - rb || Number(a.key) - Number(b.key));
  const curves = eventStudy(
    mine.map(([p]) => p),
    priced.ctx,
    () => ["broker"],
    (p) => facts.get(p.key)?.reportId as number,
  );
  return curves.get("broker") ?? emptyCurve();
}
