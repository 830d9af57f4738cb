import { reasonZh } from "../scoring/wording.js";

const CURRENCY_ZH: Record<string, string> = { CNY: "人民币", HKD: "港元", USD: "美元" };
const MARKET_ZH: Record<string, string> = { A: "A股", HK: "港股" };

/**
 * Why a target price cannot be scored, in Chinese: the wordings only target scoring writes,
 * then those it shares with a pick's score.
 */
const TARGET_REASONS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^target price (.+) is not positive$/, (m) => `目标价 ${m[1]} 不是正数`],
  [
    /^target price prints no currency and the company is listed in both markets$/,
    () => "目标价未印币种，而公司在 A股和港股两地上市，无法确定对应哪一地的股价",
  ],
  [
    /^target price is in (\S+) but (\S+) trades in (\S+)$/,
    (m) =>
      `目标价以${CURRENCY_ZH[m[1] ?? ""] ?? m[1]}计，而 ${m[2]} 以${CURRENCY_ZH[m[3] ?? ""] ?? m[3]}交易，无法比较`,
  ],
  [
    /^the report prints no stock rating scale, so the target has no horizon$/,
    () => "研报未印个股评级标准，目标价没有期限",
  ],
  [/^no trading calendar for (\S+) shares$/, (m) => `${MARKET_ZH[m[1] ?? ""] ?? m[1]}无交易日历`],
  [
    /^(\S+) has no bar on or before (\S+) to read the target's price basis from$/,
    (m) => `${m[1]} 在研报日 ${m[2]} 及之前无行情，无法确定目标价的价格基准`,
  ],
  [/^(\S+) has no bar to enter at$/, (m) => `${m[1]} 没有可入场的行情`],
  [/^report date unknown$/, () => "研报日期未知"],
  [/^not scored$/, () => "尚未评分"],
  [
    /^the scoring prices and the stored bars differ on the report day \(.*\); scored at the next scoring run$/s,
    () => "评分所用行情与已存行情在研报日不一致，下次评分时计算",
  ],
];

/** A target's reason in Chinese; null when it has none. */
export function targetReasonZh(reason: string | null): string | null {
  if (reason === null) return null;
  for (const [re, zh] of TARGET_REASONS) {
    const m = re.exec(reason);
    if (m) return zh(m);
  }
  return reasonZh(reason);
}
