import { canonicalBenchmarkName, findBenchmarkName, IMPLIED_BENCHMARK } from "../../domain/benchmarks.js";
import type { Benchmark, ScaleMarket } from "../../domain/types.js";

type Benchmarks = Partial<Record<ScaleMarket, Benchmark>>;

/** Market words as a definitions preamble names them; the first in a clause decides it. */
const MARKETS: ReadonlyArray<readonly [ScaleMarket, RegExp]> = [
  ["A", /A股|沪深(?:两市|市场)|内地市场|中国大陆/],
  ["HK", /港股|香港(?:市场)?|H股/],
  ["US", /美股|美国(?:市场)?/],
  ["NEEQ", /新三板|全国股转|股转系统/],
  ["BJ", /北交所|北京证券交易所/],
  ["KR", /韩国(?:市场)?|韩股/],
];

/** A short printed name that reads as an index (综指, 成指, …指数, 50/300): "海通综指", "中信证券综合指数". */
const UNKNOWN_INDEX = /^[\u4e00-\u9fa5A-Za-z]{2,10}(?:综指|成指|指数)$/;

const CLAUSE_SPLIT = /[;；。,，、]/;
const LEAD = /^(?:市场|的)*(?:基准指数|比较基准|基准)?(?:为|以|是|采用|:)*/;
const TAIL = /(?:作为|为)(?:比较)?基准(?:指数)?$|为准$/;

function firstMarket(clause: string): { market: ScaleMarket; end: number } | null {
  let best: { market: ScaleMarket; at: number; end: number } | null = null;
  for (const [market, re] of MARKETS) {
    const m = re.exec(clause);
    if (m && (best === null || m.index < best.at)) best = { market, at: m.index, end: m.index + m[0].length };
  }
  return best && { market: best.market, end: best.end };
}

/**
 * Benchmarks named market by market ("A 股以沪深 300 指数为基准；港股以恒生指数为基准 …").
 * Parenthesised asides (针对协议转让标的) are kept inside their clause.
 */
export function marketBenchmarks(text: string): Benchmarks {
  const out: Benchmarks = {};
  for (const clause of splitOutsideParens(text)) {
    const market = firstMarket(clause);
    if (!market) continue;
    const printed = clause.slice(market.end).replace(LEAD, "").replace(TAIL, "");
    // An index this product has no name for (海通综指) is kept as printed: its picks then say the
    // benchmark has no price symbol, which a user can map, instead of "names no benchmark".
    const name = canonicalBenchmarkName(printed) ?? (UNKNOWN_INDEX.test(printed) ? printed : null);
    if (name && !out[market.market]) out[market.market] = { name, text: printed };
  }
  return out;
}

/**
 * Splits clauses, except inside a short parenthesised aside ("(针对协议转让标的)"); a long
 * parenthesis is itself a list of clauses ("(A股市场基准为沪深300指数，香港市场基准为…)").
 */
function splitOutsideParens(text: string): string[] {
  const protectedUntil = new Int32Array(text.length).fill(-1);
  const opens: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") opens.push(i);
    else if (text[i] === ")") {
      const open = opens.pop();
      if (open !== undefined && i - open <= 24) protectedUntil[open] = i;
    }
  }
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const close = protectedUntil[i]!;
    if (close > i) {
      i = close;
      continue;
    }
    if (CLAUSE_SPLIT.test(text[i]!)) {
      if (i > start) out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Markets a benchmark stands for when a scale names it without saying which market. */
function marketsOf(name: string): ScaleMarket[] {
  switch (name) {
    case "恒生指数":
      return ["HK"];
    case "MSCI中国":
      return ["A", "HK"];
    case "标普500":
    case "纳斯达克综合指数":
      return ["US"];
    case "北证50":
      return ["BJ"];
    case "三板成指":
    case "三板做市指数":
      return ["NEEQ"];
    case "韩国综合股价指数":
    case "柯斯达克":
      return ["KR"];
    default:
      return ["A"];
  }
}

/** A benchmark a scale's own heading or definitions name ("行业评级定义 (相对于 MSCI 中国指数)"). */
export function ownBenchmarks(text: string): Benchmarks {
  const out: Benchmarks = {};
  const re =
    /(?:相对于?|优于|劣于|强于|弱于|跑赢|跑输|超越|以)([A-Za-z\u4e00-\u9fa5\d&]{2,16}?指数|MSCI中国|沪深300|恒生指数)/g;
  for (const m of text.matchAll(re)) {
    const name = canonicalBenchmarkName(m[1]!);
    if (!name) continue;
    for (const market of marketsOf(name)) out[market] = { name, text: m[1]! };
    return out;
  }
  return out;
}

/**
 * Fills the markets a section leaves without a benchmark from an index it names without saying
 * which market ("基准指数：沪深300指数", "(基准指数沪深300)", "相对同期的上证指数/深证成指"): the
 * first index named stands for the markets it belongs to.
 */
export function unscopedBenchmarks(text: string, out: Benchmarks): Benchmarks {
  const found = findBenchmarkName(text);
  if (!found) return out;
  const filled: Benchmarks = { ...out };
  for (const market of marketsOf(found.name)) filled[market] ??= { name: found.name, text: found.printed };
  return filled;
}

/**
 * "相对大盘", "相对同期市场基准指数", "相对同期相关证券市场代表性指数": the market, not an index. The
 * relative word must come first, so an absolute scale (股价涨幅 15% 以上) never reads as one.
 * Bounded gaps only: no backtracking on long texts.
 */
const IMPLIED =
  /(?:相对于?|强于|弱于|优于|劣于|超越|超过|跑赢|跑输|领先|落后|高于|低于|与)(?:同期)?(?:的)?(?:相关)?(?:证券)?(大盘|大市|市场(?:基准|代表性)?(?:指数)?|市场)/;
const ABSOLUTE = /绝对收益|绝对涨跌幅|绝对回报|绝对表现/;

/**
 * The benchmarks a scale implies when it names only the market (DOMAIN: Implied benchmark): for
 * A shares the CSI 300, with the words the report used. Markets already named are kept.
 */
export function impliedBenchmarks(text: string, out: Benchmarks): Benchmarks {
  if (ABSOLUTE.test(text)) return out;
  const m = IMPLIED.exec(text);
  if (!m) return out;
  const filled: Benchmarks = { ...out };
  for (const [market, name] of Object.entries(IMPLIED_BENCHMARK) as [ScaleMarket, string][]) {
    filled[market] ??= { name, text: m[0], implied: true };
  }
  return filled;
}
