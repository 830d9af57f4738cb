import type { PickFlag, PickInput, RatingLabel, ScoredPick, Verdict } from "../domain/types.js";
import { type CalibrationEntry, type CalibrationMatrix, CalibrationTally } from "./calibration.js";
import { ExactSum } from "./exactSum.js";
import { median } from "./stats.js";
import { ValueBags } from "./valueBags.js";
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
  /** Where the pick sits in the canonical order (its id): orders labels first seen in calibration. */
  position: number;
}

/** One checkpoint slot of a group: exact sums for the means, the excess values for the median. */
interface Slot {
  excess: ExactSum;
  returns: ExactSum;
  wins: number;
  bag: number;
}

class Group {
  n = 0;
  readonly verdicts: Record<Verdict, number> = { hit: 0, miss: 0, unrated: 0, pending: 0, unscorable: 0 };
  windowHits = 0;
  windowN = 0;
  /** Per slot id (slots are numbered as keys are first met; ordered at the end). */
  private readonly slots: (Slot | undefined)[] = [];
  private readonly calibration = new CalibrationTally();
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
    private readonly bags: ValueBags,
  ) {}

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
      let slot = this.slots[k];
      if (slot === undefined) {
        slot = { excess: new ExactSum(), returns: new ExactSum(), wins: 0, bag: this.bags.open() };
        this.slots[k] = slot;
      }
      slot.excess.add(x);
      slot.returns.add(f.returns[k] as number);
      if (x > 0) slot.wins++;
      this.bags.push(slot.bag, x);
    }
    if (f.calibration) this.calibration.add(f.calibration, f.position);
    if (f.verdict === "unscorable") this.quality.unscorable++;
    if (f.flags.length > 0) for (const [flag, field] of FLAG_FIELDS) if (f.flags.includes(flag)) this.quality[field]++;
  }

  /** `order`: slot ids with their keys, in checkpoint order. */
  card(order: readonly [number, string][], rank: (label: string) => number | undefined): Scorecard {
    const final = this.verdicts.hit + this.verdicts.miss;
    const checkpoints: Record<string, CheckpointStats> = {};
    for (const [k, key] of order) {
      const slot = this.slots[k];
      if (slot === undefined) continue;
      const n = slot.excess.n;
      checkpoints[key] = {
        n,
        meanExcess: slot.excess.mean(),
        medianExcess: median(this.bags.values(slot.bag)),
        meanReturn: slot.returns.mean(),
        winRate: rate(slot.wins, n),
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
      calibration: this.calibration.matrix(rank),
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

/** The "to date" slot: always the last one. */
const TO_DATE = "toDate";

/**
 * Scorecards per broker, per broker × analyst, per broker × stance and per broker × printed
 * label, plus one over everything, built as scored picks stream past in any order: counts,
 * exact sums (means do not depend on the order) and, for medians, each group's excess values
 * in ValueBags, which spill to a temporary file past their budget. Each pick is added with its
 * position in a canonical order (its id): a label's rank comes from the scale of the first pick
 * in that order that carries it, and calibration columns without a rank keep that order too, so
 * scoring symbol by symbol gives exactly the cards a pass in id order gives.
 */
export class ScorecardBuilder {
  private readonly bags: ValueBags;
  /** Checkpoint key → slot id, in the order keys are first met. */
  private readonly slotOf = new Map<string, number>([[TO_DATE, 0]]);
  /** Label → [rank, position of the pick whose scale gave it]. */
  private readonly ranks = new Map<string, [number, number]>();
  private readonly all: Group;
  private readonly groups = new Map<string, Group>();

  constructor(budget?: number) {
    this.bags = new ValueBags(budget);
    this.all = new Group("all", null, "all", this.bags);
  }

  /** Adds one scored pick; `pick` (joined on key) gives its analysts and its scale. */
  add(s: ScoredPick, pick: PickInput | undefined, position: number): void {
    const scale = pick?.scale;
    if (scale) {
      for (const l of scale.labels) {
        const r = labelRank(l);
        if (r === undefined) continue;
        const held = this.ranks.get(l.label);
        if (held === undefined || position < held[1]) this.ranks.set(l.label, [r, position]);
      }
    }
    const facts = this.factsOf(s, position);
    this.all.add(facts);
    this.group("broker", s.broker, s.broker).add(facts);
    this.group("stance", s.broker, s.stance).add(facts);
    if (s.rating !== null) this.group("label", s.broker, s.rating).add(facts);
    if (s.rating !== null && scale?.labels.find((l) => l.label === s.rating)?.direction === "positive") {
      this.group("rated", s.broker, s.broker).add(facts);
    }
    const analysts = pick?.analysts ?? [];
    for (let i = 0; i < analysts.length; i++) {
      const a = analysts[i] as string;
      if (analysts.indexOf(a) === i) this.group("analyst", s.broker, a).add(facts);
    }
  }

  /** The cards; releases the builder's temporary file. */
  finish(): Scorecards {
    try {
      const order = [...this.slotOf]
        .map(([key, id]) => [id, key] as [number, string])
        .sort((a, b) => byCheckpoint(a[1], b[1]));
      const rank = (label: string) => this.ranks.get(label)?.[0];
      const cards = [...this.groups.values()]
        .sort((a, b) => (a.broker ?? "").localeCompare(b.broker ?? "") || a.key.localeCompare(b.key))
        .map((g) => g.card(order, rank));
      const of = (kind: ScorecardKind) => cards.filter((c) => c.kind === kind);
      return {
        all: this.all.card(order, rank),
        brokers: of("broker"),
        analysts: of("analyst"),
        stances: of("stance"),
        labels: of("label"),
        rated: of("rated"),
      };
    } finally {
      this.bags.close();
    }
  }

  /** Releases the temporary file without building cards (after a failed run). */
  close(): void {
    this.bags.close();
  }

  private group(kind: ScorecardKind, broker: string, key: string): Group {
    const id = `${kind}\u0000${broker}\u0000${key}`;
    let g = this.groups.get(id);
    if (!g) {
      g = new Group(kind, broker, key, this.bags);
      this.groups.set(id, g);
    }
    return g;
  }

  private slot(key: string): number {
    let k = this.slotOf.get(key);
    if (k === undefined) {
      k = this.slotOf.size;
      this.slotOf.set(key, k);
    }
    return k;
  }

  private factsOf(s: ScoredPick, position: number): Facts {
    for (const key in s.checkpoints) if (s.checkpoints[key]) this.slot(key);
    const n = this.slotOf.size;
    const excess = new Float64Array(n).fill(Number.NaN);
    const returns = new Float64Array(n).fill(Number.NaN);
    for (const key in s.checkpoints) {
      const cp = s.checkpoints[key];
      if (!cp) continue;
      const k = this.slotOf.get(key) as number;
      excess[k] = cp.excess;
      returns[k] = cp.return;
    }
    if (s.toDate) {
      excess[0] = s.toDate.excess;
      returns[0] = s.toDate.return;
    }
    // Calibration: picks whose horizon has come (final verdicts, and unrated picks by stance).
    const calibrated = s.realizedLabel !== null && s.verdict !== "pending" && s.verdict !== "unscorable";
    return {
      verdict: s.verdict,
      window: s.hitWithinWindow,
      excess,
      returns,
      calibration: calibrated
        ? { predicted: s.rating ?? s.stance, printed: s.rating !== null, realized: s.realizedLabel as string }
        : null,
      flags: s.flags,
      position,
    };
  }
}

/**
 * The scorecards of a list of scored picks (positions are their order in the list). `picks`
 * supplies what a ScoredPick does not carry (analysts, the scale for ordering labels); they are
 * joined on `key`.
 */
export function buildScorecards(scored: readonly ScoredPick[], picks: readonly PickInput[]): Scorecards {
  const byKey = new Map<string | number, PickInput>();
  for (const p of picks) byKey.set(p.key, p);
  const builder = new ScorecardBuilder();
  try {
    for (let i = 0; i < scored.length; i++) {
      const s = scored[i] as ScoredPick;
      builder.add(s, byKey.get(s.key), i);
    }
  } catch (err) {
    builder.close();
    throw err;
  }
  return builder.finish();
}
