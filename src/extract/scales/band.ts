import type { LabelDirection } from "../../domain/types.js";
import { NEGATIVE_WORDS, NEUTRAL_WORDS, POSITIVE_WORDS } from "../lexicon.js";

/** An excess-return band in percent; null = open end. */
export interface Band {
  min: number | null;
  max: number | null;
}

const NUM = String.raw`[+-]?\d+(?:\.\d+)?`;
const PLUS_MINUS = /(?:±|正负|上下)\s*(\d+(?:\.\d+)?)%/;
const RANGE = new RegExp(`(${NUM})%?(?:~|至|到|与|和|-|—)(${NUM})%`);
const SINGLE = new RegExp(`(${NUM})%`);

const AT_LEAST_AFTER = /^(?:及以上|或以上|以上|或更高|之上|\+)/;
const AT_MOST_AFTER = /^(?:及以下|或以下|以下|之下|以内)/;
// 不小于 is "at least", 不大于 "at most": the negation turns the comparison round.
const AT_LEAST_BEFORE = /(?:(?<!不)(?:超过|高于|大于)|不低于|不小于|不少于|至少|逾|超出)$/;
const AT_MOST_BEFORE = /(?:(?<!不)(?:低于|少于|小于)|不超过|不高于|不大于|不多于|不足|未达|不到)$/;

/**
 * Reads the band of one label's definition (compact text). Unsigned magnitudes take their sign
 * from the wording: "弱于市场表现 5%以下", "跌幅 5%以上" and "弱于基准 5%以上" all mean at most −5.
 * "优于/劣于 MSCI 中国少于 10%" is the symmetric −10..10. Returns null when the definition
 * carries no percentage (a qualitative label).
 */
export function parseBand(printed: string): Band | null {
  // 涨跌幅 ("change") carries no direction; only 涨幅 / 跌幅 on their own do.
  const def = printed.replace(/涨跌幅?/g, "变动");
  const pm = PLUS_MINUS.exec(def);
  if (pm) {
    const v = Number(pm[1]);
    return { min: -v, max: v };
  }
  const negative = NEGATIVE_WORDS.test(def);
  const positive = /超越|强于|优于|跑赢|领先|好于|涨幅/.test(def);

  const range = RANGE.exec(def);
  if (range) {
    let a = Number(range[1]);
    let b = Number(range[2]);
    if (a > b) [a, b] = [b, a];
    if (negative && !positive && a >= 0 && b >= 0) return { min: -b, max: -a };
    return { min: a, max: b };
  }

  const single = SINGLE.exec(def);
  if (!single) return null;
  const raw = single[1]!;
  const value = Number(raw);
  const signed = raw.startsWith("-") || raw.startsWith("+");
  const before = def.slice(Math.max(0, single.index - 6), single.index);
  const after = def.slice(single.index + single[0].length, single.index + single[0].length + 6);
  const atLeast = AT_LEAST_AFTER.test(after) || AT_LEAST_BEFORE.test(before);
  const atMost = AT_MOST_AFTER.test(after) || AT_MOST_BEFORE.test(before);

  if (signed) {
    if (atMost) return { min: null, max: value };
    return { min: value, max: null };
  }
  if (negative && positive && (atMost || /少于|以内|不超过/.test(def))) return { min: -value, max: value };
  if (negative && !positive) return { min: null, max: -value };
  if (atMost && !atLeast) return { min: null, max: value };
  return { min: value, max: null };
}

export function bandDirection(band: Band): LabelDirection {
  const { min, max } = band;
  if (min !== null && min >= 0 && (max === null || max > 0)) return "positive";
  if (max !== null && max <= 0 && (min === null || min < 0)) return "negative";
  return "neutral";
}

/** Direction from wording alone, for qualitative labels. */
export function wordingDirection(printed: string, hint: LabelDirection | null): LabelDirection {
  const def = printed.replace(/涨跌幅?/g, "变动");
  if (/持平|同步|跟随|一致|相当|相若|基本持平/.test(def)) return "neutral";
  const neg = NEGATIVE_WORDS.exec(def);
  const pos = POSITIVE_WORDS.exec(def);
  if (pos && (!neg || pos.index < neg.index)) return "positive";
  if (neg) return "negative";
  if (NEUTRAL_WORDS.test(def)) return "neutral";
  return hint ?? "neutral";
}

const CN_NUM: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十二: 12,
  十八: 18,
  二十四: 24,
};

function monthsOf(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  return CN_NUM[token] ?? null;
}

const MONTH_RANGE =
  /(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个月)?(?:~|-|至|到|—)(\d{1,2}|[一二两三四五六七八九十]{1,3})个月/;
const MONTHS = /(\d{1,2}|[一二两三四五六七八九十]{1,3})个月/;
const YEARS = /(?:未来|之后|后的?)(一|1|半)年/;

/** The horizon a text names: {6,12} for "6~12 个月", {6,6} for "未来 6 个月", {12,12} for "一年". */
export function parseHorizon(text: string): { min: number; max: number } | null {
  const r = MONTH_RANGE.exec(text);
  if (r) {
    const a = monthsOf(r[1]!);
    const b = monthsOf(r[2]!);
    if (a !== null && b !== null && a > 0 && b >= a) return { min: a, max: b };
  }
  const m = MONTHS.exec(text);
  if (m) {
    const v = monthsOf(m[1]!);
    if (v !== null && v > 0) return { min: v, max: v };
  }
  const y = YEARS.exec(text);
  if (y) {
    const v = y[1] === "半" ? 6 : 12;
    return { min: v, max: v };
  }
  return null;
}
