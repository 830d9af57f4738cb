import { readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalBenchmarkName } from "../../../src/domain/benchmarks.js";
import type {
  Benchmark,
  LabelDirection,
  PickInput,
  RatingLabel,
  RatingScale,
  ScaleMarket,
  Stance,
} from "../../../src/domain/types.js";
import { paths, projectRoot } from "../../../src/paths.js";
import { exchangeOfSymbol, marketOfExchange } from "../../../src/scoring/markets.js";
import type { PriceBook } from "../../../src/scoring/priceBook.js";
import { priceBookFromCsv } from "../../../src/scoring/priceBookCsv.js";

/** A seed rating label as the truth file writes it (bands in percent). */
export interface TruthLabel {
  label: string;
  en?: string;
  min?: number | null;
  max?: number | null;
  qualitative?: string;
}
interface TruthScale {
  horizonMonths: [number, number];
  benchmarks: Record<string, string>;
  stock: TruthLabel[];
}

const truth = JSON.parse(readFileSync(join(projectRoot, "test", "fixtures", "truth", "seed-reports.json"), "utf8")) as {
  ratingScales: Record<string, TruthScale>;
};

export type SeedBroker = "开源证券" | "民生证券" | "东吴证券" | "国联证券" | "浦银国际";

const QUALITATIVE_DIRECTION: Record<string, LabelDirection> = { 买入: "positive", 持有: "neutral", 卖出: "negative" };

function direction(l: TruthLabel): LabelDirection {
  const min = l.min ?? null;
  const max = l.max ?? null;
  if (min === null && max === null) return QUALITATIVE_DIRECTION[l.label] ?? "neutral";
  if (max === null) return "positive";
  if (min === null) return "negative";
  if (min >= 0) return "positive";
  if (max <= 0) return "negative";
  return "neutral";
}

/** The stock scale a seed broker prints, as the extractor would store it. */
export function seedScale(broker: SeedBroker): RatingScale {
  const t = truth.ratingScales[broker];
  if (!t) throw new Error(`no seed scale for ${broker}`);
  const labels: RatingLabel[] = t.stock.map((l) => ({
    label: l.label,
    en: l.en ?? null,
    min: l.min ?? null,
    max: l.max ?? null,
    direction: direction(l),
    text: l.qualitative ?? `${l.min ?? ""}~${l.max ?? ""}`,
  }));
  const industryIndex = "stock" in t.benchmarks;
  const benchmarks: Partial<Record<ScaleMarket, Benchmark>> = {};
  if (industryIndex) {
    const text = t.benchmarks.stock ?? "";
    benchmarks.A = { name: "industry-index", text };
    benchmarks.HK = { name: "industry-index", text };
  } else {
    for (const [market, text] of Object.entries(t.benchmarks)) {
      benchmarks[market as ScaleMarket] = { name: canonicalBenchmarkName(text) ?? text, text };
    }
  }
  return {
    kind: "stock",
    parsed: true,
    relativeTo: industryIndex ? "industry-index" : "market",
    qualitative: labels.every((l) => l.min === null && l.max === null),
    labels,
    horizonMonths: { min: t.horizonMonths[0], max: t.horizonMonths[1] },
    benchmarks,
    raw: "",
  };
}

let book: PriceBook | null = null;

/** The shipped price snapshot, parsed once per test file. */
export function seedBook(): PriceBook {
  book ??= priceBookFromCsv(readFileSync(paths.seedPrices, "utf8"));
  return book;
}

export interface PickSpec {
  broker: SeedBroker;
  symbol: string | null;
  reportDate: string;
  stance?: Stance;
  rating?: string | null;
  key?: string | number;
  analysts?: string[];
  scale?: RatingScale | null;
}

/** A PickInput for a seed broker, with its own printed scale and the security's venue from the symbol. */
export function seedPick(spec: PickSpec): PickInput {
  const exchange = spec.symbol ? exchangeOfSymbol(spec.symbol) : null;
  return {
    key: spec.key ?? `${spec.broker}:${spec.symbol}:${spec.reportDate}`,
    broker: spec.broker,
    ...(spec.analysts ? { analysts: spec.analysts } : {}),
    reportDate: spec.reportDate,
    symbol: spec.symbol,
    market: exchange ? marketOfExchange(exchange) : null,
    exchange,
    stance: spec.stance ?? "recommend",
    rating: spec.rating ?? null,
    scale: spec.scale === undefined ? seedScale(spec.broker) : spec.scale,
  };
}

/** Rounds to the 6 decimals the truth file prints. */
export function r6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A clock after every bar of the snapshot. */
export const LATE = new Date("2027-01-01T00:00:00Z");
