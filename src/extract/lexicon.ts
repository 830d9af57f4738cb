import type { LabelDirection } from "../domain/types.js";

/**
 * Rating labels brokers print, with the direction their wording implies. The printed band, when
 * there is one, decides a label's direction; this hint only breaks ties for qualitative labels and
 * lets the scanners recognise a label written without any delimiter (推荐相对基准指数涨幅…).
 */
export const RATING_LABELS: ReadonlyArray<readonly [string, LabelDirection]> = [
  ["买入", "positive"],
  ["买进", "positive"],
  ["强烈推荐", "positive"],
  ["强推", "positive"],
  ["推荐", "positive"],
  ["谨慎推荐", "positive"],
  ["审慎推荐", "positive"],
  ["增持", "positive"],
  ["谨慎增持", "positive"],
  ["审慎增持", "positive"],
  ["跑赢行业", "positive"],
  ["跑赢大市", "positive"],
  ["优于大市", "positive"],
  ["强于大市", "positive"],
  ["领先大市", "positive"],
  ["超越大市", "positive"],
  ["优于行业", "positive"],
  ["强于行业", "positive"],
  ["看好", "positive"],
  ["超配", "positive"],
  ["优于市场", "positive"],
  ["中性", "neutral"],
  ["持有", "neutral"],
  ["同步大市", "neutral"],
  ["同步市场", "neutral"],
  ["与大市同步", "neutral"],
  ["同步行业", "neutral"],
  ["标配", "neutral"],
  ["平配", "neutral"],
  ["观望", "neutral"],
  ["看平", "neutral"],
  ["减持", "negative"],
  ["卖出", "negative"],
  ["回避", "negative"],
  ["跑输行业", "negative"],
  ["跑输大市", "negative"],
  ["弱于大市", "negative"],
  ["落后大市", "negative"],
  ["弱于行业", "negative"],
  ["弱于市场", "negative"],
  ["看淡", "negative"],
  ["低配", "negative"],
  ["劣于大市", "negative"],
];

/** Words that mean "no rating" in a rating column. */
export const NO_RATING = ["未评级", "无评级", "暂无评级", "不评级", "未有评级", "NR", "N/A", "-"];

export const POSITIVE_WORDS = /超越|超过|强于|优于|跑赢|领先|好于|高于|超出|涨幅/;
export const NEGATIVE_WORDS = /弱于|劣于|逊于|跑输|落后|差于|低于|不及|跌幅|下跌/;
export const NEUTRAL_WORDS = /持平|同步|一致|相当|波动|之间/;

/**
 * Industry names as reports print them for their sector, with the sector they stand for
 * (sub-industries fold into their parent so related-report titles vote together).
 */
export const SECTORS: ReadonlyArray<readonly [string, string]> = [
  ["计算机", "计算机"],
  ["传媒", "传媒"],
  ["互联网", "互联网"],
  ["电子", "电子"],
  ["半导体", "电子"],
  ["通信", "通信"],
  ["医药生物", "医药生物"],
  ["医药", "医药生物"],
  ["生物医药", "医药生物"],
  ["食品饮料", "食品饮料"],
  ["白酒", "食品饮料"],
  ["银行", "银行"],
  ["非银金融", "非银金融"],
  ["非银行金融", "非银金融"],
  ["保险", "非银金融"],
  ["房地产", "房地产"],
  ["地产", "房地产"],
  ["建筑装饰", "建筑装饰"],
  ["建筑材料", "建筑材料"],
  ["建材", "建筑材料"],
  ["机械设备", "机械设备"],
  ["机械", "机械设备"],
  ["电力设备", "电力设备"],
  ["电力设备与新能源", "电力设备"],
  ["新能源", "电力设备"],
  ["光伏", "电力设备"],
  ["汽车", "汽车"],
  ["家用电器", "家用电器"],
  ["家电", "家用电器"],
  ["纺织服饰", "纺织服饰"],
  ["纺织服装", "纺织服饰"],
  ["轻工制造", "轻工制造"],
  ["商贸零售", "商贸零售"],
  ["社会服务", "社会服务"],
  ["农林牧渔", "农林牧渔"],
  ["基础化工", "基础化工"],
  ["化工", "基础化工"],
  ["钢铁", "钢铁"],
  ["有色金属", "有色金属"],
  ["煤炭", "煤炭"],
  ["石油石化", "石油石化"],
  ["公用事业", "公用事业"],
  ["交通运输", "交通运输"],
  ["国防军工", "国防军工"],
  ["军工", "国防军工"],
  ["环保", "环保"],
  ["美容护理", "美容护理"],
  ["影视", "传媒"],
  ["电影", "传媒"],
  ["电影院线", "传媒"],
  ["游戏", "传媒"],
  ["出版", "传媒"],
  ["软件", "计算机"],
];
