import type { PickFlag, PickInput, RatingLabel, RatingScale, ScoredPick, Verdict } from "../domain/types.js";
import { type CalibrationEntry, type CalibrationMatrix, calibrationMatrix } from "./calibration.js";
import { mean, median } from "./stats.js";
import { type Interval, wilsonInterval } from "./wilson.js";

/** A share of picks, always with its N. `rate` is null when N is 0. */
export interface Rate {
  count: number;
  n: number;
  rate: number | null;
}

/** Hit rate on final verdicts (hit / (hit + miss)) with its 95% Wilson interval. */
export interface HitRate extends Rate {
  interval: Interval | null;
}

export interface CheckpointStats {
  /** Picks with this checkpoint reached (unrated picks included: their excess counts in every average). */
  n: number;
  meanExcess: number | null;
  medianExcess: number | null;
  meanReturn: number | null;
  /** Excess > 0. */
  winRate: Rate;
}

export interface DataQuality {
  stale: number;
  delisted: number;
  unresolved: number;
  unscorable: number;
  noTradeOnEntryDay: number;
  missingBenchmark: number;
  noPrices: number;
}

export type ScorecardKind = "all" | "broker" | "analyst" | "stance" | "label" | "rated";

export interface Scorecard {
  kind: ScorecardKind;
  /** The broker the group belongs to (null for "all"). */
  broker: string | null;
  /** Broker name, analyst name, stance or printed label. */
  key: string;
  /** Number of picks. */
  n: number;
  verdicts: Record<Verdict, number>;
  hitRate: HitRate;
  /** Windowed horizons: band reached at any close in the window, over picks whose window is settled. */
  hitWithinWindow: Rate;
  /** Per checkpoint key ("1m" … "12m", and "toDate"). */
  checkpoints: Record<string, CheckpointStats>;
  calibration: CalibrationMatrix;
  dataQuality: DataQuality;
}

export interface Scorecards {
  all: Scorecard;
  brokers: Scorecard[];
  /** Per broker and analyst (an analyst's picks at one broker). */
  analysts: Scorecard[];
  /** Per broker and stance. */
  stances: Scorecard[];
  /** Per broker and printed rating label. */
  labels: Scorecard[];
  /** Per broker, its rated calls only: picks printed with a positive rating of the broker's own scale (买入, 增持 …). */
  rated: Scorecard[];
}

const FLAG_FIELDS: ReadonlyArray<[PickFlag, keyof DataQuality]> = [
  ["stale-checkpoint", "stale"],
  ["delisted", "delisted"],
  ["unresolved", "unresolved"],
  ["no-trade-on-entry-day", "noTradeOnEntryDay"],
  ["missing-benchmark", "missingBenchmark"],
  ["no-prices", "noPrices"],
];

/** What one scored pick contributes to every group it belongs to, worked out once. */
interface Facts {
  verdict: Verdict;
  window: boolean | null;
  /** Excess and return per checkpoint slot; NaN where the checkpoint is null. */
  excess: Float64Array;
  returns: Float64Array;
  calibration: CalibrationEntry | null;
  flags: readonly PickFlag[];
}

class Group {
  n = 0;
  readonly verdicts: Record<Verdict, number> = { hit: 0, miss: 0, unrated: 0, pending: 0, unscorable: 0 };
  windowHits = 0;
  windowN = 0;
  readonly excess: number[][];
  readonly returns: number[][];
  readonly calibration: CalibrationEntry[] = [];
  readonly quality: DataQuality = {
    stale: 0,
    delisted: 0,
    unresolved: 0,
    unscorable: 0,
    noTradeOnEntryDay: 0,
    missingBenchmark: 0,
    noPrices: 0,
  };

  constructor(
    readonly kind: ScorecardKind,
    readonly broker: string | null,
    readonly key: string,
    slots: number,
  ) {
    this.excess = Array.from({ length: slots }, () => []);
    this.returns = Array.from({ length: slots }, () => []);
  }

  add(f: Facts): void {
    this.n++;
    this.verdicts[f.verdict]++;
    if (f.window !== null) {
      this.windowN++;
      if (f.window) this.windowHits++;
    }
    for (let k = 0; k < f.excess.length; k++) {
      const x = f.excess[k] as number;
      if (Number.isNaN(x)) continue;
      (this.excess[k] as number[]).push(x);
      (this.returns[k] as number[]).push(f.returns[k] as number);
    }
    if (f.calibration) this.calibration.push(f.calibration);
    if (f.verdict === "unscorable") this.quality.unscorable++;
    if (f.flags.length > 0) for (const [flag, field] of FLAG_FIELDS) if (f.flags.includes(flag)) this.quality[field]++;
  }

  card(slots: readonly string[], rank: (label: string) => number | undefined): Scorecard {
    const final = this.verdicts.hit + this.verdicts.miss;
    const checkpoints: Record<string, CheckpointStats> = {};
    slots.forEach((key, k) => {
      const xs = this.excess[k] ?? [];
      if (xs.length === 0) return;
      let wins = 0;
      for (const x of xs) if (x > 0) wins++;
      checkpoints[key] = {
        n: xs.length,
        meanExcess: mean(xs),
        medianExcess: median(xs),
        meanReturn: mean(this.returns[k] ?? []),
        winRate: rate(wins, xs.length),
      };
    });
    return {
      kind: this.kind,
      broker: this.broker,
      key: this.key,
      n: this.n,
      verdicts: { ...this.verdicts },
      hitRate: { ...rate(this.verdicts.hit, final), interval: wilsonInterval(this.verdicts.hit, final) },
      hitWithinWindow: rate(this.windowHits, this.windowN),
      checkpoints,
      calibration: calibrationMatrix(this.calibration, rank),
      dataQuality: { ...this.quality },
    };
  }
}

function rate(count: number, n: number): Rate {
  return { count, n, rate: n > 0 ? count / n : null };
}

/** "1m" < "3m" < "12m" < "toDate". */
function byCheckpoint(a: string, b: string): number {
  const ma = a === "toDate" ? Number.POSITIVE_INFINITY : Number.parseFloat(a);
  const mb = b === "toDate" ? Number.POSITIVE_INFINITY : Number.parseFloat(b);
  return ma === mb ? a.localeCompare(b) : ma - mb;
}

/** Where a label sits on its scale, for ordering calibration columns: higher is more positive. */
function labelRank(l: RatingLabel): number | undefined {
  if (l.min !== null && l.max !== null) return (l.min + l.max) / 2;
  if (l.min !== null) return l.min + 1000;
  if (l.max !== null) return l.max - 1000;
  return undefined;
}

/**
 * Scorecards per broker, per broker × analyst, per broker × stance and per broker × printed
 * label, plus one over everything. `picks` supplies what a ScoredPick does not carry
 * (analysts, the scale for ordering labels); they are joined on `key`.
 */
export function buildScorecards(scored: readonly ScoredPick[], picks: readonly PickInput[]): Scorecards {
  const byKey = new Map<string | number, PickInput>();
  for (const p of picks) byKey.set(p.key, p);

  // Checkpoint slots: every key any pick carries, in horizon order, then "toDate".
  const keys = new Set<string>();
  for (const s of scored) for (const key in s.checkpoints) keys.add(key);
  const slots = [...keys].sort(byCheckpoint);
  slots.push("toDate");
  const slotOf = new Map(slots.map((key, i) => [key, i]));

  const ranks = new Map<string, number>();
  const rankedScales = new Set<RatingScale>();
  const all = new Group("all", null, "all", slots.length);
  const groups = new Map<string, Group>();
  const group = (kind: ScorecardKind, broker: string, key: string): Group => {
    const id = `${kind}\u0000${broker}\u0000${key}`;
    let g = groups.get(id);
    if (!g) {
      g = new Group(kind, broker, key, slots.length);
      groups.set(id, g);
    }
    return g;
  };

  for (const s of scored) {
    const pick = byKey.get(s.key);
    const scale = pick?.scale;
    if (scale && !rankedScales.has(scale)) {
      rankedScales.add(scale);
      for (const l of scale.labels) {
        const r = labelRank(l);
        if (r !== undefined && !ranks.has(l.label)) ranks.set(l.label, r);
      }
    }
    const facts = factsOf(s, slots.length, slotOf);
    all.add(facts);
    group("broker", s.broker, s.broker).add(facts);
    group("stance", s.broker, s.stance).add(facts);
    if (s.rating !== null) group("label", s.broker, s.rating).add(facts);
    if (s.rating !== null && scale?.labels.find((l) => l.label === s.rating)?.direction === "positive") {
      group("rated", s.broker, s.broker).add(facts);
    }
    const analysts = pick?.analysts ?? [];
    for (let i = 0; i < analysts.length; i++) {
      const a = analysts[i] as string;
      if (analysts.indexOf(a) === i) group("analyst", s.broker, a).add(facts);
    }
  }

  const rank = (label: string) => ranks.get(label);
  const cards = [...groups.values()]
    .sort((a, b) => (a.broker ?? "").localeCompare(b.broker ?? "") || a.key.localeCompare(b.key))
    .map((g) => g.card(slots, rank));
  const of = (kind: ScorecardKind) => cards.filter((c) => c.kind === kind);
  return {
    all: all.card(slots, rank),
    brokers: of("broker"),
    analysts: of("analyst"),
    stances: of("stance"),
    labels: of("label"),
    rated: of("rated"),
  };
}

function factsOf(s: ScoredPick, n: number, slotOf: ReadonlyMap<string, number>): Facts {
  const excess = new Float64Array(n).fill(Number.NaN);
  const returns = new Float64Array(n).fill(Number.NaN);
  for (const key in s.checkpoints) {
    const cp = s.checkpoints[key];
    const k = slotOf.get(key);
    if (!cp || k === undefined) continue;
    excess[k] = cp.excess;
    returns[k] = cp.return;
  }
  if (s.toDate) {
    excess[n - 1] = s.toDate.excess;
    returns[n - 1] = s.toDate.return;
  }
  // Calibration: picks whose horizon has come (final verdicts, and unrated picks by stance).
  const calibrated = s.realizedLabel !== null && s.verdict !== "pending" && s.verdict !== "unscorable";
  return {
    verdict: s.verdict,
    window: s.hitWithinWindow,
    excess,
    returns,
    calibration: calibrated
      ? {
          predicted: s.rating ?? s.stance,
          printed: s.rating !== null,
          realized: s.realizedLabel as string,
        }
      : null,
    flags: s.flags,
  };
}
