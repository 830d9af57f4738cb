import type { Currency, LabelDirection, RatingAction, TargetPrice } from "../../domain/types.js";
import type { PhraseMatcher } from "../text/phrases.js";

/**
 * What a report says it does to a stock's rating, and the target price it prints, read from the
 * words right after the stock's name (康龙化成（3759.HK）：维持买入评级，目标价135.0港元) or from a
 * company report's header (投资评级：买入（首次）, 原评级：增持). Works on the folded compact text.
 */
export interface CallRead {
  rating: { label: string; direction: LabelDirection } | null;
  action: RatingAction | null;
  target: TargetPrice | null;
}

const QUOTE = "[“”\"'‘’]?";
const INDUSTRY = /行业|板块|领域|赛道/;
const ACTION_WORD = "首次覆盖|首次给予|首次|维持|重申|继续给予|上调|下调|调高|调低|提升|提高|降低|下修|上修";

function actionOf(word: string): RatingAction | null {
  if (word.startsWith("首次")) return "首次";
  if (/^(?:维持|重申|继续给予)/.test(word)) return "维持";
  if (/^(?:上调|调高|提升|提高|上修)/.test(word)) return "上调";
  if (/^(?:下调|调低|降低|下修)/.test(word)) return "下调";
  return null;
}

let patterns: { key: string; before: RegExp; after: RegExp; header: RegExp } | null = null;

/**
 * Rating phrases around a label L: "维持“买入”评级", "首次覆盖，给予买入评级", "上调至买入",
 * "买入（维持）", "评级：买入（首次）", "买入-A（维持）".
 */
function ratingPatterns(labels: string): { before: RegExp; after: RegExp; header: RegExp } {
  if (patterns?.key === labels) return patterns;
  const L = `(${labels})`;
  patterns = {
    key: labels,
    // 维持/首次覆盖并给予/上调至 … L … (评级)
    before: new RegExp(
      `(${ACTION_WORD})(?:[^。;,，]{0,8}?(?:评级|投资评级))?(?:[,，]?(?:并|且)?(?:给予|予以|为|至|到))?(?:公司|其)?${QUOTE}${L}${QUOTE}(?:评级|投资评级)?`,
    ),
    // L（维持） / L-A（首次） / L，维持 / L评级（上调）
    // (a table's action column follows its rating column: 推荐维持)
    after: new RegExp(
      `${QUOTE}${L}${QUOTE}(?:-[A-Z])?(?:评级)?(?:[(（](${ACTION_WORD})(?:评级)?[)）]|(维持|首次|上调|下调)(?=\\d|$))`,
    ),
    // 投资评级：L / 评级：L / 给予 L 评级
    header: new RegExp(
      `(?:投资评级|公司评级|股票评级|评级|给予|予以)[(（]?(?:${ACTION_WORD})?[)）]?[:：]?${QUOTE}${L}${QUOTE}`,
    ),
  };
  return patterns;
}

const patternOf = new WeakMap<PhraseMatcher<LabelDirection>, string>();

function labelPattern(ratings: PhraseMatcher<LabelDirection>): string {
  let pattern = patternOf.get(ratings);
  if (pattern === undefined) {
    pattern = [...ratings.phrases()]
      .sort((a, b) => b.length - a.length)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|");
    patternOf.set(ratings, pattern);
  }
  return pattern;
}

/** The rating, action and target printed in `window` (the words following a name, or a header). */
export function readCall(window: string, ratings: PhraseMatcher<LabelDirection>): CallRead {
  const out: CallRead = { rating: null, action: null, target: readTarget(window) };
  const labels = labelPattern(ratings);
  if (labels.length === 0) return out;
  const p = ratingPatterns(labels);
  const candidates: Array<{ at: number; label: string; action: RatingAction | null }> = [];
  // "维持行业“推荐”评级" rates the industry, not the stock.
  const stock = (m: RegExpExecArray | null): m is RegExpExecArray => m !== null && !INDUSTRY.test(m[0]);
  const b = p.before.exec(window);
  if (stock(b)) candidates.push({ at: b.index, label: b[2]!, action: actionOf(b[1]!) });
  const a = p.after.exec(window);
  if (stock(a)) candidates.push({ at: a.index, label: a[1]!, action: actionOf(a[2] ?? a[3]!) });
  const h = p.header.exec(window);
  if (stock(h)) candidates.push({ at: h.index, label: h[1]!, action: null });
  candidates.sort((x, y) => x.at - y.at || (y.action ? 1 : 0) - (x.action ? 1 : 0));
  const first = candidates[0];
  if (!first) return out;
  const direction = ratings.longestAt(first.label, 0)?.value;
  if (!direction) return out;
  out.rating = { label: first.label, direction };
  // An action printed with the same label elsewhere in the window counts too (评级：买入 … 买入（维持）).
  out.action = first.action ?? candidates.find((c) => c.label === first.label && c.action)?.action ?? null;
  if (!out.action && /首次覆盖/.test(window)) out.action = "首次";
  return out;
}

/**
 * 原评级：增持 beside the current rating: the same label is a reiteration, a stronger one an
 * upgrade. Label strength follows the scale's order (its labels are listed strongest first).
 */
export function actionFromPrevious(
  window: string,
  current: string,
  ratings: PhraseMatcher<LabelDirection>,
  order: string[],
): RatingAction | null {
  const m = /(?:原评级|上次评级|前次评级|原投资评级|上期评级)[:：]?/.exec(window);
  if (!m) return null;
  const prev = ratings.longestAt(window, m.index + m[0].length);
  if (!prev) return /^(?:无|首次|-|—|N\/?A)/i.test(window.slice(m.index + m[0].length)) ? "首次" : null;
  if (prev.phrase === current) return "维持";
  const a = order.indexOf(current);
  const b = order.indexOf(prev.phrase);
  if (a < 0 || b < 0) return null;
  return a < b ? "上调" : "下调";
}

const TARGET =
  /(?:目标价|目标价格|目标价位|目标股价)(?:格)?(?:区间)?(?:为|至|到|是|调整为|上调至|下调至|提升至|上调到|下调到)?[:：]?(HK\$|US\$|HKD|USD|RMB|CNY|\$|￥|¥)?(?<!\d)(\d{1,5}(?:\.\d{1,3})?)(?![\d.]|年|倍|%|亿|万|个月)(?:[-~～至](?:\d{1,5}(?:\.\d{1,3})?))?(港元|港币|美元|元|人民币|HKD|USD|RMB|CNY)?/;

/** 目标价 45.6 元, 目标价 HK$30, 目标价：135.0港元, 目标价格区间 40-45 元 (the lower end). */
export function readTarget(window: string): TargetPrice | null {
  const m = TARGET.exec(window);
  if (!m) return null;
  const value = Number(m[2]);
  if (!Number.isFinite(value) || value <= 0) return null;
  return { value, currency: currencyOf(m[1] ?? m[3] ?? null), evidence: m[0] };
}

function currencyOf(word: string | null): Currency | null {
  if (!word) return null;
  if (/HK|港/.test(word)) return "HKD";
  if (/US|美元/.test(word)) return "USD";
  // A bare $ is Hong Kong's dollar in one report and America's in another.
  if (word === "$") return null;
  return "CNY";
}
