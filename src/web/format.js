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
  "no-prices": "无行情数据",
};
export const CHECKPOINTS = ["1m", "3m", "6m", "12m"];
export const CHECKPOINT_LABEL = { "1m": "1个月", "3m": "3个月", "6m": "6个月", "12m": "12个月", toDate: "至今" };

/** A fraction as a percentage rounded for display; -0.0 and +0.0 are both 0. */
function rounded(x, digits) {
  const v = Number((x * 100).toFixed(digits));
  return v === 0 ? 0 : v;
}

/** A fraction as a signed percentage: 0.2146 → +21.5%; a value that rounds to zero is 0.0%, unsigned. */
export function pct(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  const v = rounded(x, digits);
  const text = Math.abs(v).toFixed(digits);
  return v > 0 ? `+${text}%` : v < 0 ? `-${text}%` : `${text}%`;
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

/** CSS class for the sign of a return as printed (one decimal of a percent): a shown 0.0% is flat. */
export function signClass(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "flat";
  const v = rounded(x, digits);
  return v > 0 ? "up" : v < 0 ? "down" : "flat";
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

const MARKET = { A: "A股", HK: "港股" };

/**
 * The API's English reasons and notes, as the page says them. The API keeps stable English
 * codes; until it sends Chinese beside them (reasonZh, judgedAsZh, state.message), every
 * English text the page could show is turned into Chinese here, and nowhere else.
 */
const REASON_ZH = [
  [/^no prices for benchmark (.+)$/, (m) => `基准 ${benchmarkName(m[1])} 无行情数据`],
  [/^no prices for (.+)$/, (m) => `${m[1]} 无行情数据（运行 npm run prices -- sync 或导入 CSV）`],
  [/^security not resolved$/, () => "未识别证券"],
  [/^unknown market for (.+)$/, (m) => `无法判断 ${m[1]} 所属市场`],
  [/^the report prints no stock rating scale$/, () => "研报未印个股评级说明"],
  [
    /^benchmark (.+) has no price symbol.*$/,
    (m) => `基准 ${m[1]} 没有对应的行情代码（在基准设置 BROKERPICKS_BENCHMARKS 中配置）`,
  ],
  [/average return of the analyst's own coverage/, () => "评级说明以分析师覆盖股票的平均回报为基准，没有此行情序列"],
  [/an absolute scale/, () => "评级说明按个股自身涨跌幅划分（绝对评级），而非相对基准的超额收益"],
  [/against the stock's industry index/, () => "评级说明以所属行业指数为基准，没有此行情序列"],
  [/^the scale names no benchmark for (A|HK) shares$/, (m) => `评级说明未给出${MARKET[m[1]]}的基准`],
  [
    /^no trading calendar for (A|HK) shares: (.+) has no prices$/,
    (m) => `${MARKET[m[1]]}缺少交易日历：${benchmarkName(m[2])} 无行情数据`,
  ],
  [/^invalid report date (.*)$/, (m) => `研报日期无效：${m[1]}`],
  [
    /^(\S+) has no bar on or after (\S+)(?: \(last bar (\S+)\))?$/,
    (m) => `${m[1]} 在 ${m[2]} 及之后无行情${m[3] ? `（最后一个交易日 ${m[3]}）` : ""}`,
  ],
  [/^the scale has no numeric bands \(qualitative\)$/, () => "评级说明没有量化区间（定性评级）"],
  [/^label (.+) has no numeric band$/, (m) => `评级“${m[1]}”没有量化区间`],
  [/^the scale prints no horizon$/, () => "评级说明未印期限"],
  [/^rating (.+) is not a label of the report's scale$/, (m) => `评级“${m[1]}”不在本报告的评级说明中`],
  [/^the scale has no positive label with a lower bound$/, () => "评级说明没有带下限的正面评级"],
];

/** Any English left after translation: never shown, the page says something Chinese instead. */
const LATIN_WORDS = /[A-Za-z]{3,}\s+[A-Za-z]{2,}/;

/** Why a pick cannot be scored, in Chinese. */
export function reasonText(pick) {
  if (pick.reasonZh) return pick.reasonZh;
  const reason = pick.reason;
  if (!reason) return null;
  for (const [re, say] of REASON_ZH) {
    const m = reason.match(re);
    if (m) return say(m);
  }
  return LATIN_WORDS.test(reason) ? "无法评估（原因见接口返回的 reason）" : reason;
}

/** What a pick was judged as (买入 >= 20.0%, …), in Chinese. */
export function judgedAsText(pick) {
  if (pick.judgedAsZh) return pick.judgedAsZh;
  const j = pick.judgedAs;
  if (!j) return null;
  let benchmarkNote = "";
  let head = j;
  const implied = j.match(/^(.*); benchmark (.+?) \(implied by "(.*)"\)$/);
  if (implied) {
    head = implied[1];
    benchmarkNote = `；基准 ${implied[2]}（由“${implied[3]}”推断）`;
  }
  if (STANCE[head]) return `${STANCE[head]}（不做命中判断）${benchmarkNote}`;
  head = head
    // Bands are in percent (买入 >= +15 → 买入 ≥ +15%).
    .replace(/(^|[\s~])([+-]?\d+(?:\.\d+)?)(?=$|[\s~(])/g, "$1$2%")
    .replace(/ \(lowest positive label: recommend without printed rating\)$/, "（推荐但未印评级：按最低正面评级判定）")
    .replace(/>=/g, "≥")
    .replace(/<=/g, "≤");
  const text = `${head}${benchmarkNote}`;
  return LATIN_WORDS.test(text) ? "按券商评级说明判定" : text;
}

/**
 * A pick's state where it has no numbers yet: the API's state when it sends one, else read
 * from its flags and reason. Null for a pick that is being tracked normally.
 */
export function pickState(pick) {
  if (pick.state?.message) return pick.state;
  const flags = pick.flags ?? [];
  const reason = pick.reason ?? "";
  if (pick.symbol === null || flags.includes("unresolved")) return { code: "unresolved", message: "未识别证券" };
  if (/^no prices for benchmark /.test(reason)) return { code: "no-benchmark-prices", message: "基准无行情" };
  if (flags.includes("no-prices") && !pick.entry) return { code: "no-prices", message: "无行情数据" };
  if (flags.includes("missing-benchmark") && !pick.entry) return { code: "missing-benchmark", message: "基准无行情" };
  if (flags.includes("delisted")) return { code: "delisted", message: "已退市" };
  if (!pick.entry && pick.verdict === "unscorable") return { code: "unscorable", message: "无法评估" };
  if (!pick.entry) return { code: "not-entered", message: "尚未入场" };
  return null;
}

export const JOB_STATUS = {
  ok: "成功",
  partial: "部分成功",
  failed: "失败",
  interrupted: "中断",
  running: "运行中",
  unchanged: "未变",
  skipped: "跳过",
};
export const JOB_TRIGGER = {
  schedule: "定时",
  "catch-up": "补跑",
  manual: "手动",
  start: "启动时",
  upload: "上传",
  watch: "监控目录",
};
export const JOB_REASON = {
  offline: "离线（无法连接行情源）",
  aborted: "已中止",
  "rate-limited": "行情源限流",
  "not-found": "行情源无此代码",
  "bad-response": "行情源返回异常",
  unavailable: "行情源不可用",
  failed: "失败",
  interrupted: "中断",
};

/**
 * A job run's reason in Chinese: a code from JOB_REASON, or a run closed because its process
 * ended ("interrupted: process 4321 ended"), which keeps the process id and host it names.
 */
export function jobReasonText(reason) {
  const m = /^interrupted: (.*)$/.exec(reason ?? "");
  if (!m) return codeText(JOB_REASON, reason, "失败");
  const ended = /^process (\d+) ended$/.exec(m[1]);
  if (ended) return `中断：进程 ${ended[1]} 已结束`;
  const foreign = /^process (\d+) on (.+) not heard of for over (\d+) h$/.exec(m[1]);
  if (foreign) return `中断：${foreign[2]} 上的进程 ${foreign[1]} 超过 ${foreign[3]} 小时无音讯`;
  return "中断：未记录进程";
}

/** A code from a fixed table, or a Chinese word for one the table does not know yet. */
export function codeText(map, code, unknown = "其他") {
  if (code === null || code === undefined || code === "") return "";
  return map[code] ?? (/[A-Za-z]/.test(code) ? unknown : code);
}

/** A broker's name; the extractor's "unknown" broker is 未识别券商. */
export function brokerName(broker) {
  if (!broker) return "—";
  return broker.id === "unknown" || broker.name === "unknown" ? "未识别券商" : broker.name;
}

/** A report's title; a stored title that is only the file name is replaced by broker and date. */
export function reportTitle(r) {
  const title = r.title?.trim();
  if (title && !/^[\w.-]+\.(txt|md|pdf|html?)$/i.test(title)) return title;
  return `${brokerName(r.broker)} ${r.reportDate ?? ""} 研报`.replace(/\s+/g, " ").trim();
}

/** A rating scale's horizon: 6 个月, 6~12 个月, 未印. */
export function horizonText(h) {
  if (!h) return "未印";
  return h.min === h.max ? `${h.min} 个月` : `${h.min}~${h.max} 个月`;
}

/** Report text with light markdown (**bold**, # headings, list bullets) as plain reading text. */
export function plainText(text) {
  if (!text) return "";
  return text
    .replace(/\*\*([^*\n]+)\*\*/g, "$1")
    .replace(/__([^_\n]+)__/g, "$1")
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/\*\*/g, "");
}

/** A name with a bracket it never opened (北证50指数)) loses the stray bracket. */
export function balanced(name) {
  if (!name) return name;
  let s = String(name).trim();
  const pairs = [
    ["(", ")"],
    ["（", "）"],
  ];
  for (const [open, close] of pairs) {
    while (s.endsWith(close) && s.split(open).length < s.split(close).length) s = s.slice(0, -1).trim();
    while (s.startsWith(open) && s.split(open).length > s.split(close).length) s = s.slice(1).trim();
  }
  return s;
}

export const MARKET_NAME = MARKET;

/** Extraction warnings a report carries, in Chinese. */
const WARNING_ZH = [
  [/^no rating definitions found$/, () => "未找到评级说明"],
  [/^rating definitions found but could not be parsed$/, () => "找到评级说明，但未能解析"],
  [/^rating definitions are truncated/, () => "评级说明不完整：正文在其中结束"],
  [/^rating label (.+) has no band while others do$/, (m) => `评级“${m[1]}”没有区间，而其他评级有`],
  [/^stopped reading advice after (\d+) stance clauses$/, (m) => `立场语句超过 ${m[1]} 条，其余未读取`],
  [/^text has (\d+) characters; only the first (\d+) were read$/, (m) => `正文 ${m[1]} 字，只读取了前 ${m[2]} 字`],
  [/^no report date printed and none could be inferred$/, () => "未印研报日期，也无法推断"],
  [/^no picks found$/, () => "未找到荐股"],
  [/^(\d+) pick\(s\) could not be resolved to a listed security$/, (m) => `${m[1]} 只荐股未能对应到上市证券`],
];

export function warningText(w) {
  for (const [re, say] of WARNING_ZH) {
    const m = w.match(re);
    if (m) return say(m);
  }
  return LATIN_WORDS.test(w) ? "抽取提示（详见接口返回）" : w;
}

/** Why a call ended. */
export const CALL_END = { upgrade: "上调", downgrade: "下调", changed: "评级变更", expired: "到期" };

/** A report's part in its broker's calls on a security. */
export const RATING_ROLE = { first: "首次覆盖", reopen: "重新覆盖", reiteration: "维持", none: "无立场" };

/** A call's position: the printed rating, or （推荐） for 推荐 without one. */
export function positionText(position) {
  const m = /^\((\w+)\)$/.exec(position ?? "");
  if (m) return `（${STANCE[m[1]] ?? "无评级"}）`;
  return position ?? "—";
}

export const CHANGE = { upgrade: "上调", downgrade: "下调" };

/** An event-study group's name: a printed label as printed, an unrated stance as （推荐）, 上调/下调. */
export function eventGroupText(key) {
  if (key === "all") return "全部荐股";
  if (CHANGE[key]) return CHANGE[key];
  if (STANCE[key]) return STANCE[key];
  return positionText(key);
}
