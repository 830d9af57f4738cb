import type { PickFlag, PickInput, RatingLabel, ScoredPick, Verdict } from "../domain/types.js";
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

export type ScorecardKind = "all" | "broker" | "analyst" | "stance" | "label";

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
}

const FLAG_FIELDS: ReadonlyArray<[PickFlag, keyof DataQuality]> = [
  ["stale-checkpoint", "stale"],
  ["delisted", "delisted"],
  ["unresolved", "unresolved"],
  ["no-trade-on-entry-day", "noTradeOnEntryDay"],
  ["missing-benchmark", "missingBenchmark"],
  ["no-prices", "noPrices"],
];

class Group {
  n = 0;
  readonly verdicts: Record<Verdict, number> = { hit: 0, miss: 0, unrated: 0, pending: 0, unscorable: 0 };
  windowHits = 0;
  windowN = 0;
  readonly excess = new Map<string, number[]>();
  readonly returns = new Map<string, number[]>();
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
  ) {}

  add(s: ScoredPick): void {
    this.n++;
    this.verdicts[s.verdict]++;
    if (s.hitWithinWindow !== null) {
      this.windowN++;
      if (s.hitWithinWindow) this.windowHits++;
    }
    for (const [key, cp] of Object.entries(s.checkpoints)) if (cp) this.point(key, cp.excess, cp.return);
    if (s.toDate) this.point("toDate", s.toDate.excess, s.toDate.return);
    if (s.realizedLabel !== null && s.verdict !== "pending" && s.verdict !== "unscorable") {
      const printed = s.rating !== null;
      this.calibration.push({
        predicted: printed ? (s.rating as string) : s.stance,
        printed,
        realized: s.realizedLabel,
      });
    }
    if (s.verdict === "unscorable") this.quality.unscorable++;
    for (const [f, field] of FLAG_FIELDS) if (s.flags.includes(f)) this.quality[field]++;
  }

  private point(key: string, excess: number, ret: number): void {
    let xs = this.excess.get(key);
    let rs = this.returns.get(key);
    if (!xs || !rs) {
      xs = [];
      rs = [];
      this.excess.set(key, xs);
      this.returns.set(key, rs);
    }
    xs.push(excess);
    rs.push(ret);
  }

  card(rank: (label: string) => number | undefined): Scorecard {
    const final = this.verdicts.hit + this.verdicts.miss;
    const checkpoints: Record<string, CheckpointStats> = {};
    for (const key of [...this.excess.keys()].sort(byCheckpoint)) {
      const xs = this.excess.get(key) ?? [];
      const wins = xs.reduce((w, x) => (x > 0 ? w + 1 : w), 0);
      checkpoints[key] = {
        n: xs.length,
        meanExcess: mean(xs),
        medianExcess: median(xs),
        meanReturn: mean(this.returns.get(key) ?? []),
        winRate: rate(wins, xs.length),
      };
    }
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
  const ranks = new Map<string, number>();

  const all = new Group("all", null, "all");
  const groups = new Map<string, Group>();
  const group = (kind: ScorecardKind, broker: string, key: string): Group => {
    const id = `${kind}\u0000${broker}\u0000${key}`;
    let g = groups.get(id);
    if (!g) {
      g = new Group(kind, broker, key);
      groups.set(id, g);
    }
    return g;
  };

  for (const s of scored) {
    const pick = byKey.get(s.key);
    for (const l of pick?.scale?.labels ?? []) {
      const r = labelRank(l);
      if (r !== undefined && !ranks.has(l.label)) ranks.set(l.label, r);
    }
    all.add(s);
    group("broker", s.broker, s.broker).add(s);
    group("stance", s.broker, s.stance).add(s);
    if (s.rating !== null) group("label", s.broker, s.rating).add(s);
    for (const a of new Set(pick?.analysts ?? [])) group("analyst", s.broker, a).add(s);
  }

  const rank = (label: string) => ranks.get(label);
  const cards = [...groups.values()]
    .sort((a, b) => (a.broker ?? "").localeCompare(b.broker ?? "") || a.key.localeCompare(b.key))
    .map((g) => g.card(rank));
  const of = (kind: ScorecardKind) => cards.filter((c) => c.kind === kind);
  return {
    all: all.card(rank),
    brokers: of("broker"),
    analysts: of("analyst"),
    stances: of("stance"),
    labels: of("label"),
  };
}
