export const STANCE = { recommend: "推荐", watch: "关注", beneficiary: "受益" };
export const VERDICT = { hit: "命中", miss: "未达", unrated: "不评判", pending: "未到期", unscorable: "无法评估" };
export const VERDICT_HELP = {
  hit: "到期超额收益达到所印评级的区间",
  miss: "到期超额收益未达到所印评级的区间",
  unrated: "关注 / 受益标的不做命中判断，但计入平均收益",
  pending: "尚未到达券商的评级期限",
  unscorable: "缺少可量化的评级标准、基准或价格",
};
export const FLAG = {
  "stale-checkpoint": "停牌沿用",
  delisted: "已退市",
  "no-trade-on-entry-day": "入场日未交易",
  "missing-benchmark": "缺基准",
  unresolved: "未识别证券",
  "no-prices": "无价格",
};
export const CHECKPOINTS = ["1m", "3m", "6m", "12m"];
export const CHECKPOINT_LABEL = { "1m": "1个月", "3m": "3个月", "6m": "6个月", "12m": "12个月", toDate: "至今" };

/** A fraction as a signed percentage: 0.2146 → +21.5%. */
export function pct(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  const v = (x * 100).toFixed(digits);
  return x > 0 ? `+${v}%` : `${v}%`;
}

/** A rate (0..1) as an unsigned percentage. */
export function rate(x, digits = 1) {
  if (x === null || x === undefined) return "—";
  return `${(x * 100).toFixed(digits)}%`;
}

/** Where a borrowed scale comes from, as the page says it: 评级标准：借用 2024-02-21 研报. */
export function borrowedScaleText(source) {
  return `评级标准：借用 ${source.reportDate ?? ""} 研报`;
}

/** A printed target price: 45.60 元, HK$30.00, US$12.00; the bare number when no currency was printed; — when none. */
export function targetPrice(tp) {
  if (!tp) return "—";
  const v = tp.value.toFixed(2);
  if (tp.currency === "CNY") return `${v} 元`;
  if (tp.currency === "HKD") return `HK$${v}`;
  if (tp.currency === "USD") return `US$${v}`;
  return v;
}

export function num(x, digits = 2) {
  if (x === null || x === undefined) return "—";
  return x.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** CSS class for the sign of a return: up / down follow the colour scheme. */
export function signClass(x) {
  if (x === null || x === undefined || x === 0) return "flat";
  return x > 0 ? "up" : "down";
}

export function dateKind(kind) {
  return kind === "inferred" ? "推断" : kind === "explicit" ? "" : "";
}

const BENCHMARK_NAMES = {
  "000300.SS": "沪深300",
  "^HSI": "恒生指数",
  MCHI: "MSCI中国",
  "000001.SS": "上证综指",
  "399001.SZ": "深证成指",
  "399006.SZ": "创业板指",
  "000905.SS": "中证500",
  "000016.SS": "上证50",
  "000906.SS": "中证800",
  "399005.SZ": "中小板指",
  "000852.SS": "中证1000",
};

export function benchmarkName(symbol) {
  if (!symbol) return "基准";
  return BENCHMARK_NAMES[symbol] ?? symbol;
}
