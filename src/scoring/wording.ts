import type { PickFlag, Verdict } from "../domain/types.js";

/**
 * The Chinese the page shows for a pick's score: why it has no checkpoints (its state), why it
 * cannot be scored (its reason) and what it was judged as. The English strings scoring writes
 * stay in the API beside these as stable text; every wording scoring produces is matched here.
 */

export const PICK_STATE_CODES = [
  "unresolved",
  "unscored",
  "no-prices",
  "no-benchmark-prices",
  "judged",
  "delisted",
  "not-entered",
  "pending",
  "unscorable",
] as const;
export type PickStateCode = (typeof PICK_STATE_CODES)[number];

export interface PickState {
  code: PickStateCode;
  message: string;
}

const STATE_MESSAGES: Record<PickStateCode, string> = {
  unresolved: "未识别证券",
  unscored: "尚未评分",
  "no-prices": "无行情数据",
  "no-benchmark-prices": "基准无行情",
  judged: "已评判",
  delisted: "已退市",
  "not-entered": "尚未入场",
  pending: "未到期",
  unscorable: "无法评分",
};

export interface StateInput {
  resolution: "resolved" | "ambiguous" | "unknown";
  verdict: Verdict | null;
  entry: unknown | null;
  reason: string | null;
  flags: readonly PickFlag[];
}

const BENCHMARK_PRICES = /^(no prices for benchmark |benchmark \S.* has no price on or before the entry$)/;

/** The one state a pick is in, from its stored score: the first that applies, in this order. */
export function pickState(p: StateInput): PickState {
  const code = stateCode(p);
  return { code, message: STATE_MESSAGES[code] };
}

function stateCode(p: StateInput): PickStateCode {
  if (p.resolution !== "resolved" || p.flags.includes("unresolved")) return "unresolved";
  if (p.verdict === null) return "unscored";
  if (p.verdict === "hit" || p.verdict === "miss" || p.verdict === "unrated") return "judged";
  if (p.reason !== null && BENCHMARK_PRICES.test(p.reason)) return "no-benchmark-prices";
  if (p.entry === null && p.flags.includes("no-prices")) return "no-prices";
  if (p.flags.includes("delisted")) return "delisted";
  if (p.verdict === "pending") return p.entry === null ? "not-entered" : "pending";
  return "unscorable";
}

const MARKET_ZH: Record<string, string> = { A: "A股", HK: "港股" };
const market = (m: string) => MARKET_ZH[m] ?? m;

/** Every reason scoring (and the store, for picks it has not scored) writes, in Chinese. */
const REASONS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^security not resolved$/, () => "未识别证券"],
  [/^unknown market for (.+)$/, (m) => `无法判断 ${m[1]} 所在市场`],
  [/^the report prints no stock rating scale$/, () => "研报未印个股评级标准"],
  [
    /^the report's stock rating scale is truncated \(the text ends inside it\)$/,
    () => "研报的个股评级标准不完整（文本在其中截断）",
  ],
  [/^the report's stock rating scale could not be parsed$/, () => "研报的个股评级标准无法解析"],
  [
    /^the scale judges against the average return of the analyst's own coverage, which has no price series$/,
    () => "评级标准以分析师覆盖股票的平均收益为基准，该基准没有行情序列",
  ],
  [
    /^the scale bands the stock's own price change \(an absolute scale\), not an excess return over a benchmark$/,
    () => "评级标准按股价自身涨跌幅划档（绝对收益标准），而非相对基准的超额收益",
  ],
  [
    /^qualitative scale \(no numeric bands\) judged against the stock's industry index, which has no price series$/,
    () => "定性评级标准（无数值区间），以所属行业指数为基准，该指数没有行情序列",
  ],
  [
    /^the scale judges against the stock's industry index, which has no price series$/,
    () => "评级标准以所属行业指数为基准，该指数没有行情序列",
  ],
  [/^the scale names no benchmark for (\S+) shares$/, (m) => `评级标准未写明${market(m[1] ?? "")}的基准`],
  [
    /^benchmark (.+) has no price symbol \(map it in the benchmark settings\)$/,
    (m) => `基准 ${m[1]} 没有行情代码（请在 BROKERPICKS_BENCHMARKS 设置中为其指定代码）`,
  ],
  [/^the scale has no numeric bands \(qualitative\)$/, () => "评级标准没有数值区间（定性标准）"],
  [/^rating (.+) is not a label of the report's scale$/, (m) => `评级“${m[1]}”不在研报的评级标准中`],
  [/^the scale has no positive label with a lower bound$/, () => "评级标准中没有带下限的正面评级"],
  [/^label (.+) has no numeric band$/, (m) => `评级“${m[1]}”没有数值区间`],
  [/^the scale prints no horizon$/, () => "评级标准未写明期限"],
  [/^no prices for benchmark (.+)$/, (m) => `基准 ${m[1]} 无行情数据`],
  [
    /^no trading calendar for (\S+) shares: (.+) has no prices$/,
    (m) => `${market(m[1] ?? "")}无交易日历：${m[2]} 无行情数据`,
  ],
  [/^no prices for (.+)$/, (m) => `${m[1]} 无行情数据`],
  [/^invalid report date (.+)$/, (m) => `研报日期无效：${m[1]}`],
  [
    /^(.+) has no bar on or after (\d{4}-\d{2}-\d{2}) \(last bar (\d{4}-\d{2}-\d{2})\)$/,
    (m) => `${m[1]} 在 ${m[2]} 及之后无行情（最后一个交易日 ${m[3]}）`,
  ],
  [/^(.+) has no bar on or after (\d{4}-\d{2}-\d{2})$/, (m) => `${m[1]} 在 ${m[2]} 及之后无行情`],
  [/^benchmark (.+) has no price on or before the entry$/, (m) => `基准 ${m[1]} 在入场日及之前无行情`],
  [/^the report has no date, printed or inferred$/, () => "研报没有日期（既未印出，也无法推断）"],
  [/^the report has no date$/, () => "研报没有日期"],
  [/^not scored yet$/, () => "尚未评分"],
];

/** The reason in Chinese; a wording this table lacks is named as such rather than shown in English. */
export function reasonZh(reason: string | null): string | null {
  if (reason === null) return null;
  for (const [re, zh] of REASONS) {
    const m = re.exec(reason);
    if (m) return zh(m);
  }
  return "无法评分";
}

const STANCE_ZH: Record<string, string> = { recommend: "推荐", watch: "关注", beneficiary: "受益标的" };
const LOWEST_POSITIVE = " (lowest positive label: recommend without printed rating)";
const IMPLIED = /^(.*); benchmark (.+) \(implied by "(.*)"\)$/s;

/** What the pick was judged as (describeLabel's form, the stance, the implied-benchmark note), in Chinese. */
export function judgedAsZh(judgedAs: string | null): string | null {
  if (judgedAs === null) return null;
  let rest = judgedAs;
  let note = "";
  const implied = IMPLIED.exec(rest);
  if (implied) {
    rest = implied[1] ?? "";
    note = `；基准${implied[2]}（由“${implied[3]}”推断）`;
  }
  let lowest = "";
  if (rest.endsWith(LOWEST_POSITIVE)) {
    rest = rest.slice(0, -LOWEST_POSITIVE.length);
    lowest = "（推荐但未印评级：按最低一档正面评级评判）";
  }
  return `${labelZh(rest)}${lowest}${note}`;
}

/** describeLabel's "买入 >= +15", "减持 <= -5", "中性 -5~+5" as 超额收益 bands, or a stance. */
function labelZh(s: string): string {
  const stance = STANCE_ZH[s];
  if (stance) return stance;
  let m = /^(.+) (>=|<=|<|>) ([+-]?\d+(?:\.\d+)?)$/.exec(s);
  if (m) {
    const op = { ">=": "≥", "<=": "≤", "<": "<", ">": ">" }[m[2] as ">=" | "<=" | "<" | ">"];
    return `${m[1]}（超额收益 ${op} ${m[3]}%）`;
  }
  m = /^(.+) ([+-]?\d+(?:\.\d+)?)?~([+-]?\d+(?:\.\d+)?)?$/.exec(s);
  if (m && (m[2] !== undefined || m[3] !== undefined)) {
    if (m[2] === undefined) return `${m[1]}（超额收益 ≤ ${m[3]}%）`;
    if (m[3] === undefined) return `${m[1]}（超额收益 ≥ ${m[2]}%）`;
    return `${m[1]}（超额收益 ${m[2]}% ~ ${m[3]}%）`;
  }
  return s;
}
