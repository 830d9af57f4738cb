import type { Benchmark, Exchange, RatingScale, ScaleMarket } from "./types.js";

/**
 * Canonical benchmark names, as the extractor writes them into Benchmark.name, with the
 * printed spellings that map to each. Matching is done on text with all white space removed.
 */
export const BENCHMARK_NAMES: ReadonlyArray<{ name: string; patterns: RegExp[] }> = [
  { name: "沪深300", patterns: [/沪深300/, /滬深300/, /CSI300/i] },
  { name: "恒生指数", patterns: [/恒生指数/, /恒生指數/, /恒指/, /HangSeng/i, /HSI\b/] },
  { name: "MSCI中国", patterns: [/MSCI中国/i, /MSCI中國/i, /摩根士丹利中国/, /摩根士丹利中國/, /MSCIChina/i] },
  { name: "标普500", patterns: [/标普500/, /標普500/, /S&P500/i] },
  { name: "纳斯达克综合指数", patterns: [/纳斯达克/, /納斯達克/, /NASDAQ/i] },
  { name: "北证50", patterns: [/北证50/, /北證50/] },
  { name: "三板成指", patterns: [/三板成指/] },
  { name: "三板做市指数", patterns: [/三板做市/] },
  { name: "中证500", patterns: [/中证500/, /中證500/, /CSI500/i] },
  { name: "中证800", patterns: [/中证800/, /中證800/, /CSI800/i] },
  { name: "中证1000", patterns: [/中证1000/, /中證1000/, /CSI1000/i] },
  { name: "上证50", patterns: [/上证50/, /上證50/, /SSE50/i] },
  // 上证综指 is the SSE Composite (000001.SS); 上证50 and 上证180 are other indices.
  { name: "上证综指", patterns: [/上证综指/, /上证指数/, /上证综合指数/, /上證綜指/, /上證指數/, /上海综合指数/] },
  // 深证成指 is the SZSE Component (399001.SZ), not the 深证综指 (399106.SZ).
  { name: "深证成指", patterns: [/深证成指/, /深证成份指数/, /深证成分指数/, /深圳成指/, /深證成指/] },
  { name: "创业板指", patterns: [/创业板指/, /创业板指数/, /創業板指/] },
  // 中小板指 (399005.SZ) is the SME board's 100-stock index; 中小板综指 (399101.SZ) is another series.
  { name: "中小板指", patterns: [/中小板指(?!数?综)/, /中小企业板指数/] },
  { name: "中小板综指", patterns: [/中小板综指/, /中小板综合指数/] },
  { name: "韩国综合股价指数", patterns: [/韩国综合股价指数/, /KOSPI/i] },
  { name: "柯斯达克", patterns: [/柯斯达克/, /科斯达克/, /KOSDAQ/i] },
];

/** The canonical name a printed benchmark phrase stands for (the first one named), or null. */
export function canonicalBenchmarkName(printed: string): string | null {
  return findBenchmarkName(printed)?.name ?? null;
}

/** The first benchmark a text names: its canonical name, where it starts and how it was printed. */
export function findBenchmarkName(printed: string): { name: string; at: number; printed: string } | null {
  const text = printed.replace(/\s+/g, "");
  let best: { name: string; at: number; printed: string } | null = null;
  for (const b of BENCHMARK_NAMES) {
    for (const p of b.patterns) {
      const m = p.exec(text);
      if (m && (best === null || m.index < best.at)) best = { name: b.name, at: m.index, printed: m[0] };
    }
  }
  return best;
}

/**
 * The benchmark a scale means by 大盘 / 市场 without naming an index, per market: the market the
 * stock trades in, so an A-share against the CSI 300 and a Hong Kong stock against the Hang Seng.
 */
export const IMPLIED_BENCHMARK: Readonly<Partial<Record<ScaleMarket, string>>> = { A: "沪深300", HK: "恒生指数" };

/** Benchmarks a price store can hold out of the box. Users add more with BROKERPICKS_BENCHMARKS. */
export const DEFAULT_BENCHMARK_SYMBOLS: Readonly<Record<string, string>> = {
  沪深300: "000300.SS",
  恒生指数: "^HSI",
  上证综指: "000001.SS",
  深证成指: "399001.SZ",
  创业板指: "399006.SZ",
  中证500: "000905.SS",
  上证50: "000016.SS",
  中证800: "000906.SS",
  中小板指: "399005.SZ",
  中证1000: "000852.SS",
};

/** The benchmark symbols whose bars define each market's trading calendar. */
export const CALENDAR_SYMBOL: Readonly<Record<"A" | "HK", string>> = {
  A: "000300.SS",
  HK: "^HSI",
};

/** Which of a scale's markets applies to a security on this exchange. */
export function scaleMarketsFor(exchange: Exchange): ScaleMarket[] {
  switch (exchange) {
    case "BSE":
      return ["BJ", "A"];
    case "HKEX":
      return ["HK"];
    default:
      return ["A"];
  }
}

/** The benchmark the pick's own scale names for its security's market, or null when the scale names none. */
export function benchmarkFor(scale: RatingScale | null, exchange: Exchange): Benchmark | null {
  if (!scale) return null;
  for (const m of scaleMarketsFor(exchange)) {
    const b = scale.benchmarks[m];
    if (b) return b;
  }
  return null;
}

/** Price symbol for a benchmark name, or null when the store cannot have it. */
export function benchmarkSymbol(name: string, extra: Readonly<Record<string, string>> = {}): string | null {
  return extra[name] ?? DEFAULT_BENCHMARK_SYMBOLS[name] ?? null;
}
