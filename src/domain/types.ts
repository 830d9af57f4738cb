/**
 * The shared vocabulary of brokerpicks. Every layer (extract, securities, prices,
 * scoring, store, http) speaks these types; none of them imports another layer's
 * internals to learn a shape.
 *
 * Conventions:
 * - Dates are `YYYY-MM-DD` strings in the exchange's local time zone (IsoDate).
 * - Rating bands are in percent (20 = +20%), exactly as brokers print them.
 * - Returns and excess returns are fractions (0.2146 = +21.46%).
 */

export type IsoDate = string;

/** Where a security trades. A-shares split by exchange; HK and US are whole markets. */
export type Exchange = "SSE" | "SZSE" | "BSE" | "HKEX";

/**
 * Markets as rating scales name them when they say which benchmark applies
 * ("A 股以沪深 300 指数为基准；港股以恒生指数为基准；美股 …").
 * NEEQ is the 新三板, KR the Korean market, BJ the Beijing exchange when a scale gives it its own benchmark.
 */
export type ScaleMarket = "A" | "HK" | "US" | "NEEQ" | "BJ" | "KR";

export type Stance = "recommend" | "watch" | "beneficiary";

export type DateKind = "explicit" | "inferred";

/** A span of the report text: UTF-16 offsets into the text the extractor was given. */
export interface TextSpan {
  start: number;
  end: number;
}

// ---------------------------------------------------------------- securities

export interface Security {
  /** Exchange code as printed: six digits for A-shares, five for HK (00354). */
  code: string;
  exchange: Exchange;
  /** "A" for the mainland exchanges, "HK" for Hong Kong. */
  market: "A" | "HK";
  /** Yahoo Finance symbol: 600000.SS, 000001.SZ, 430047.BJ, 0354.HK. */
  symbol: string;
  /** Current name (latest snapshot). */
  name: string;
  /** Every name the security was known by, with the snapshot dates that saw it. */
  names: SecurityName[];
  industry: string | null;
  /** First trading day, when a list gives it (A-shares; the HK lists have none). */
  listDate: IsoDate | null;
  /** Day the listing ended, for securities a list knows as delisted; null while listed or unknown. */
  delistDate: IsoDate | null;
}

export interface SecurityName {
  name: string;
  /** First and last snapshot (or alias validity) in which this name is seen; null = open end. */
  from: IsoDate | null;
  to: IsoDate | null;
  source: string;
}

export type Resolution =
  | { status: "resolved"; security: Security; matchedName: string }
  | { status: "ambiguous"; candidates: Security[] }
  | { status: "unknown" };

/** What the text around a name says about the listing it means. */
export interface ResolveHint {
  /** The market the text names for it: 港股, H股, .HK → "HK"; A股, .SH/.SZ → "A". */
  market?: "A" | "HK";
}

/** Name and code look-ups as of a date. Pure over loaded lists. */
export interface SecurityResolver {
  /**
   * The security a printed name means on `asOf`. A market hint picks that market's listing of a
   * company listed in both; without one, a dual-listed mainland company resolves to its A-share.
   */
  byName(name: string, asOf: IsoDate | null, hint?: ResolveHint): Resolution;
  /** Exact code look-up: six-digit A-share codes, 1–5 digit HK codes with or without .HK. */
  byCode(code: string): Security | null;
  /**
   * Whether `text` starts, at `offset`, with a known security name; returns the longest
   * such name (as it appears in the text), or null. Used by the extractor to find names
   * in texts whose punctuation was lost.
   */
  longestNameAt(text: string, offset: number): string | null;
}

// ---------------------------------------------------------------- extraction

export interface BrokerRef {
  /** Stable id, e.g. "kaiyuan"; "unknown" when no identity matched. */
  id: string;
  /** Chinese short name as users know it (开源证券); for unknown brokers "unknown". */
  name: string;
  en: string | null;
  /**
   * Id of the firm as it is named today: the broker's own id unless the report was printed under
   * a former name (安信证券 → "sdic", 国投证券). A broker missing from the table is its own firm.
   */
  firm: string;
  /** What in the text identified it: printed names, e-mail domains, SAC prefixes. */
  evidence: string[];
}

export interface ReportDate {
  value: IsoDate;
  kind: DateKind;
  /** The text the date was read or inferred from. */
  evidence: string;
}

export interface IndustryRating {
  label: string;
  /** 维持 / 首次 / 上调 / 下调, or null when none is printed. */
  action: string | null;
}

export interface Analyst {
  name: string;
  /** SAC licence number (S0790520080001) or null when none is printed. */
  license: string | null;
  /** 分析师 / 研究助理 / 联系人 … when printed. */
  role: string | null;
}

export type LabelDirection = "positive" | "neutral" | "negative";

export interface RatingLabel {
  label: string;
  /** English label when printed (Buy, outperform). */
  en: string | null;
  /** Band of excess return in percent; null = open end. Both null for qualitative labels. */
  min: number | null;
  max: number | null;
  direction: LabelDirection;
  /** The definition as printed, kept for qualitative labels and for display. */
  text: string;
}

export interface Benchmark {
  /** Canonical name: 沪深300, 恒生指数, MSCI中国, 标普500, 纳斯达克综合指数, 北证50, 三板成指, industry-index … */
  name: string;
  /** As printed. */
  text: string;
  /**
   * The scale named no index, only the market (大盘, 市场, 市场基准 …): the benchmark is the one
   * this product judges that market against (沪深300 for A shares), and `text` keeps the words used.
   */
  implied?: boolean;
}

export interface RatingScale {
  kind: "stock" | "industry";
  /** false when the section was found but could not be parsed; labels is then empty. */
  parsed: boolean;
  /**
   * Why an unparsed scale was not read: "truncated" when the text ends inside its definitions (a
   * cut-off scale is never read as a wrong band), "unreadable" when it is printed whole in a
   * wording not understood. Absent for parsed scales.
   */
  unparsedReason?: "truncated" | "unreadable";
  /** Judged against a market benchmark, or against the security's own industry index (浦银国际). */
  /**
   * What the bands are measured against: a market benchmark; the security's own industry index
   * (浦银国际, 长城); the average return of the analyst's own coverage (银河); or nothing, the
   * stock's own price move (an absolute scale: 民生 2020 "股价涨幅15%以上").
   */
  relativeTo: "market" | "industry-index" | "coverage" | "absolute";
  /** No numeric bands (开源's industry scale, 浦银国际's stock scale). */
  qualitative: boolean;
  labels: RatingLabel[];
  /** e.g. {min: 6, max: 12} for "6~12 个月", {min: 6, max: 6} for "未来 6 个月". */
  horizonMonths: { min: number; max: number } | null;
  /** Benchmark per market, as the scale names it. */
  benchmarks: Partial<Record<ScaleMarket, Benchmark>>;
  raw: string;
}

export interface RatingScales {
  /** Whether a definitions section was found at all. */
  found: boolean;
  stock: RatingScale | null;
  industry: RatingScale | null;
  /** The whole definitions section as printed. */
  raw: string;
}

/** What a report does to a stock's rating: first coverage, reiteration, upgrade, downgrade. */
export type RatingAction = "首次" | "维持" | "上调" | "下调";

export type Currency = "CNY" | "HKD" | "USD";

export interface TargetPrice {
  value: number;
  /** As printed (元 → CNY, 港元/港币/HK$ → HKD, 美元/US$ → USD); null when the report prints none. */
  currency: Currency | null;
  /** The words it was read from. */
  evidence: string;
}

export interface ExtractedPick {
  /** The name as printed (美图, 寒武纪-U). */
  name: string;
  /** A code printed next to the name (300418, 00354), or null. */
  printedCode: string | null;
  stance: Stance;
  /** Explicit per-stock rating printed for it (买入), or null. */
  rating: string | null;
  /** 首次 / 维持 / 上调 / 下调 as printed with the stock's rating, or null. */
  ratingAction: RatingAction | null;
  /** A target price printed for the stock (目标价 45.6 元, 目标价 HK$30), or null. */
  targetPrice: TargetPrice | null;
  /** Where the name stands in the text. */
  span: TextSpan;
  /** The sentence (clause) the pick came from. */
  evidence: string;
}

export interface ResolvedPick extends ExtractedPick {
  resolution: Resolution;
  /** Convenience copies from the resolution; null when unresolved. */
  code: string | null;
  symbol: string | null;
}

export interface ExtractedReport {
  broker: BrokerRef;
  date: ReportDate | null;
  title: string | null;
  sector: string | null;
  industryRating: IndustryRating | null;
  analysts: Analyst[];
  ratingScales: RatingScales;
  picks: ResolvedPick[];
  /** Non-fatal findings worth showing a user (e.g. "no investment advice section found"). */
  warnings: string[];
}

// ---------------------------------------------------------------- prices

export interface Bar {
  date: IsoDate;
  open: number;
  high: number | null;
  low: number | null;
  close: number;
  adjclose: number;
  volume: number | null;
}

export interface DailyBarsRequest {
  symbol: string;
  from: IsoDate;
  /** Inclusive. */
  to: IsoDate;
  signal?: AbortSignal;
}

export interface PriceSource {
  readonly name: string;
  dailyBars(req: DailyBarsRequest): Promise<Bar[]>;
}

// ---------------------------------------------------------------- scoring

export type EntryMode = "t1-open" | "t0-close";

export interface ScoringSettings {
  entryMode: EntryMode;
  /** Calendar months after entry; default [1, 3, 6, 12]. */
  checkpointMonths: number[];
  /** Months; overrides the broker's horizon upper bound when set. */
  verdictHorizonMonths: number | null;
  /** Benchmark canonical name → price symbol. Defaults: 沪深300 → 000300.SS, 恒生指数 → ^HSI. */
  benchmarkSymbols: Record<string, string>;
}

export type Verdict = "hit" | "miss" | "unrated" | "pending" | "unscorable";

export type PickFlag =
  | "stale-checkpoint"
  | "delisted"
  | "no-trade-on-entry-day"
  | "missing-benchmark"
  | "unresolved"
  | "no-prices";

export interface Checkpoint {
  date: IsoDate;
  return: number;
  benchmarkReturn: number;
  excess: number;
  stale: boolean;
}

/**
 * The report whose printed stock scale judges a pick: its own (`own`, also when it prints none
 * and nothing could be borrowed), or the nearest report of its own broker within 12 months that
 * prints one, when its own report prints none or one that could not be parsed (`borrowed`).
 */
export interface ScaleSource {
  kind: "own" | "borrowed";
  /** That report's id; null when the pick came without one (pure scoring of hand-made inputs). */
  reportId: number | null;
  reportDate: IsoDate | null;
}

/** What scoring needs of one pick: no database ids beyond an opaque key. */
export interface PickInput {
  key: string | number;
  broker: string;
  analysts?: string[];
  reportDate: IsoDate;
  symbol: string | null;
  market: "A" | "HK" | null;
  exchange: Exchange | null;
  stance: Stance;
  rating: string | null;
  /**
   * The stock rating scale the pick is judged by: its own report's (null when none was found),
   * or the one it borrows (see scaleSource).
   */
  scale: RatingScale | null;
  /** Where `scale` comes from; absent = the pick's own report. */
  scaleSource?: ScaleSource;
}

export interface ScoredPick {
  key: string | number;
  broker: string;
  reportDate: IsoDate;
  symbol: string | null;
  stance: Stance;
  rating: string | null;
  /** Benchmark symbol used (000300.SS), or null. */
  benchmark: string | null;
  /** Set when the scale named only the market (大盘, 市场 …) and the benchmark was implied (DOMAIN: Implied benchmark). */
  benchmarkImplied?: true;
  entry: { date: IsoDate; price: number; reportDayClose: number | null } | null;
  checkpoints: Record<string, Checkpoint | null>;
  /** "to date" checkpoint: last available close. */
  toDate: Checkpoint | null;
  verdict: Verdict;
  /** Which checkpoint the verdict is read at, e.g. "12m". */
  verdictHorizon: string | null;
  /** The label the realized excess falls in, on the broker's own scale. */
  realizedLabel: string | null;
  /** Windowed horizons only (6~12 months): band reached at any close inside the window. */
  hitWithinWindow: boolean | null;
  /** What the verdict was judged as (买入 >= +15, or the lowest positive label). */
  judgedAs: string | null;
  /** Why a pick is unscorable, or null. */
  reason: string | null;
  flags: PickFlag[];
  /** The report whose printed scale judged the pick (its own, or one it borrowed from). */
  scaleSource: ScaleSource;
}
