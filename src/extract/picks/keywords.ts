import type { Stance } from "../../domain/types.js";
import { PhraseMatcher } from "../text/phrases.js";

/** What a word in the text does to the pick scanner. */
export type Signal =
  | { kind: "stance"; stance: Stance }
  /** Ends the current clause's stance (sentence end). */
  | { kind: "sentence" }
  /** Ends the section's stance too (bullet, heading, risk section). */
  | { kind: "section" }
  /** A word that contains a stance word but is not one (关注度, 推荐评级). */
  | { kind: "ignore" }
  /** Market data (涨幅居前, 跌幅排名): the names that follow moved, nobody recommended them. */
  | { kind: "market" };

const STANCE_WORDS: ReadonlyArray<readonly [string, Stance]> = [
  ["重点推荐", "recommend"],
  ["强烈推荐", "recommend"],
  ["核心推荐", "recommend"],
  ["继续推荐", "recommend"],
  ["坚定推荐", "recommend"],
  ["积极推荐", "recommend"],
  ["推荐", "recommend"],
  ["首推", "recommend"],
  ["优选", "recommend"],
  ["主推", "recommend"],
  ["建议买入", "recommend"],
  ["建议增持", "recommend"],
  ["力推", "recommend"],
  ["强推", "recommend"],
  ["看好", "recommend"],
  ["建议配置", "recommend"],
  ["重点配置", "recommend"],
  ["建议重点配置", "recommend"],
  ["推荐组合", "recommend"],
  ["投资组合", "recommend"],
  ["金股", "recommend"],
  ["首选", "recommend"],
  ["股票池", "recommend"],
  ["配置思路", "watch"],
  ["关注组合", "watch"],
  // 推荐关注 asks the reader to watch, it does not put the broker's rating on the name.
  ["推荐关注", "watch"],
  ["建议关注", "watch"],
  ["建议重点关注", "watch"],
  ["重点关注", "watch"],
  ["持续关注", "watch"],
  ["继续关注", "watch"],
  ["积极关注", "watch"],
  ["值得关注", "watch"],
  ["可关注", "watch"],
  ["关注", "watch"],
  ["受益标的", "beneficiary"],
  ["相关标的", "beneficiary"],
  ["受益公司", "beneficiary"],
  ["受益股", "beneficiary"],
  ["受益个股", "beneficiary"],
  ["受益企业", "beneficiary"],
  ["潜在受益", "beneficiary"],
  ["相关公司", "beneficiary"],
  ["相关个股", "beneficiary"],
  ["相关上市公司", "beneficiary"],
  ["产业链标的", "beneficiary"],
  ["产业链相关公司", "beneficiary"],
  ["受益的公司", "beneficiary"],
  ["受益的标的", "beneficiary"],
];

const IGNORE = [
  "关注度",
  "受关注",
  "引发关注",
  "关注点",
  "推荐意见",
  "推荐评级",
  "推荐理由",
  "推荐逻辑",
  "不推荐",
  "谨慎推荐评级",
  "扫码关注",
  "微信关注",
  "关注我们",
  "相关公司公告",
  "受益于",
  "受益标的的",
  "看好度",
  "不看好",
  "看好的是",
];

const SECTION_WORDS = [
  "风险提示",
  "风险因素",
  "投资风险",
  "风险分析",
  "主要风险",
  "免责声明",
  "分析师声明",
  "分析师承诺",
  "资料来源",
  "数据来源",
  "来源:",
  // News and announcements: companies named there are in the news, not recommended.
  "公司公告",
  "上市公司公告",
  "重要公告",
  "重点公告",
  "公司要闻",
  "行业要闻",
  "行业新闻",
  "新闻动态",
  "公司新闻",
  "公司动态",
  "重点公司动态",
];

/** Words that introduce price moves and rankings (performance lists, market reviews). */
const MARKET_WORDS = [
  "涨幅居前",
  "跌幅居前",
  "涨幅前",
  "跌幅前",
  "涨幅排名",
  "跌幅排名",
  "涨跌幅排名",
  "涨幅最大",
  "跌幅最大",
  "涨幅较大",
  "跌幅较大",
  "涨幅靠前",
  "跌幅靠前",
  "涨幅榜",
  "跌幅榜",
  "领涨",
  "领跌",
  "涨停",
  "跌停",
  "个股表现",
  "行情回顾",
  "市场回顾",
  "表现居前",
  "表现较好的个股",
  "表现较差的个股",
];

let matcher: PhraseMatcher<Signal> | null = null;

export function signalMatcher(): PhraseMatcher<Signal> {
  if (matcher) return matcher;
  const m = new PhraseMatcher<Signal>();
  for (const w of IGNORE) m.add(w, { kind: "ignore" });
  for (const [w, stance] of STANCE_WORDS) m.add(w, { kind: "stance", stance });
  for (const w of SECTION_WORDS) m.add(w, { kind: "section" });
  for (const w of MARKET_WORDS) m.add(w, { kind: "market" });
  for (const c of "。!?！？") m.add(c, { kind: "sentence" });
  for (const c of "●➤►■◆▪•#◼❖√") m.add(c, { kind: "section" });
  matcher = m;
  return m;
}

/** Words after a stance word that make it a mention, not advice (推荐评级, 关注到 …). */
export const NOT_ADVICE_AFTER = /^[“”"']?(?:评级|意见|理由|逻辑|度|到|点|的|与|和|者|程度)/;
