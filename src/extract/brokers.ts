/**
 * Broker identities the extractor recognises. Printed names are matched on folded text
 * (traditional characters are folded to simplified first, so 東吳證券 matches 东吴证券; the
 * traditional spellings below are kept for readers). Longer printed forms (…股份有限公司,
 * …研究所, …研究院) are recognised from the base name by the identifier, not listed here.
 * `sac` holds the institution part of SAC licence numbers (S0790520080001 → S0790), listed only
 * where it is certain; names and e-mail domains are the main evidence.
 */
export interface BrokerIdentity {
  id: string;
  /** Chinese short name as users know it. */
  name: string;
  en: string;
  /** Printed names (base forms) besides `name`; English forms included. */
  aliases: string[];
  /** E-mail / web domains. */
  domains: string[];
  /** SAC licence institution prefixes. */
  sac: string[];
}

function b(
  id: string,
  name: string,
  en: string,
  aliases: string[],
  domains: string[],
  sac: string[] = [],
): BrokerIdentity {
  return { id, name, en, aliases, domains, sac };
}

export const BROKERS: readonly BrokerIdentity[] = [
  // The seed brokers.
  b("kaiyuan", "开源证券", "Kaiyuan Securities", ["開源證券", "Kaiyuan Securities"], ["kysec.cn"], ["S0790"]),
  b("minsheng", "民生证券", "Minsheng Securities", ["民生證券", "Minsheng Securities"], ["mszq.com"], ["S0100"]),
  b("soochow", "东吴证券", "Soochow Securities", ["東吳證券", "Soochow Securities"], ["dwzq.com.cn"], ["S0600"]),
  b(
    "guolian",
    "国联证券",
    "Guolian Securities",
    ["國聯證券", "国联民生证券", "Guolian Securities"],
    ["glsc.com.cn"],
    ["S0590"],
  ),
  b("spdbi", "浦银国际", "SPDB International", ["浦銀國際", "浦银国际证券", "SPDB International"], ["spdbi.com"]),
  // The largest mainland brokers.
  b("citic", "中信证券", "CITIC Securities", ["中信證券", "CITIC Securities"], ["citics.com"], ["S1010"]),
  b(
    "cicc",
    "中金公司",
    "CICC",
    ["中国国际金融", "中國國際金融", "中金研究", "China International Capital"],
    ["cicc.com.cn", "cicc.com"],
    ["S0080"],
  ),
  b("huatai", "华泰证券", "Huatai Securities", ["華泰證券", "华泰研究", "Huatai Securities"], ["htsc.com"], ["S0570"]),
  b("gtja", "国泰君安", "Guotai Junan Securities", ["國泰君安", "Guotai Junan"], ["gtjas.com"], ["S0880"]),
  b("gtht", "国泰海通", "Guotai Haitong Securities", ["國泰海通", "Guotai Haitong"], ["gtht.com"]),
  b("haitong", "海通证券", "Haitong Securities", ["海通證券", "Haitong Securities"], ["htsec.com"], ["S0850"]),
  b(
    "cms",
    "招商证券",
    "China Merchants Securities",
    ["招商證券", "China Merchants Securities"],
    ["cmschina.com.cn"],
    ["S1090"],
  ),
  b("gf", "广发证券", "GF Securities", ["廣發證券", "GF Securities"], ["gf.com.cn"], ["S0260"]),
  b(
    "swhy",
    "申万宏源",
    "Shenwan Hongyuan Securities",
    ["申萬宏源", "申银万国", "Shenwan Hongyuan"],
    ["swsresearch.com"],
    ["S1350"],
  ),
  b("csc", "中信建投", "China Securities", ["中信建投證券", "China Securities Co"], ["csc.com.cn"], ["S1440"]),
  b(
    "galaxy",
    "中国银河证券",
    "China Galaxy Securities",
    ["银河证券", "中国银河", "中國銀河", "Galaxy Securities"],
    ["chinastock.com.cn"],
    ["S0130"],
  ),
  b("guosen", "国信证券", "Guosen Securities", ["國信證券", "Guosen Securities"], ["guosen.com.cn"], ["S0980"]),
  b("xyzq", "兴业证券", "Industrial Securities", ["興業證券", "Industrial Securities"], ["xyzq.com.cn"], ["S0190"]),
  b("ebscn", "光大证券", "Everbright Securities", ["光大證券", "Everbright Securities"], ["ebscn.com"], ["S0930"]),
  b(
    "orient",
    "东方证券",
    "Orient Securities",
    ["東方證券", "Orient Securities"],
    ["orientsec.com.cn", "dfzq.com.cn"],
    ["S0860"],
  ),
  b(
    "sdic",
    "国投证券",
    "SDIC Securities",
    ["安信证券", "國投證券", "安信證券", "SDIC Securities", "Essence Securities"],
    ["sdicsc.com.cn", "essence.com.cn"],
    ["S1450"],
  ),
  b("cjsc", "长江证券", "Changjiang Securities", ["長江證券", "Changjiang Securities"], ["cjsc.com.cn"], ["S0490"]),
  b("tfzq", "天风证券", "Tianfeng Securities", ["天風證券", "Tianfeng Securities"], ["tfzq.com"], ["S1110"]),
  b("founder", "方正证券", "Founder Securities", ["方正證券", "Founder Securities"], ["foundersc.com"], ["S1220"]),
  b("sinolink", "国金证券", "Sinolink Securities", ["國金證券", "Sinolink Securities"], ["gjzq.com.cn"], ["S1130"]),
  b("huaxi", "华西证券", "Huaxi Securities", ["華西證券", "Huaxi Securities"], ["hx168.com.cn"]),
  b("caitong", "财通证券", "Caitong Securities", ["財通證券", "Caitong Securities"], ["ctsec.com"]),
  b("zheshang", "浙商证券", "Zheshang Securities", ["浙商證券", "Zheshang Securities"], ["stocke.com.cn"], ["S1230"]),
  b("nesc", "东北证券", "Northeast Securities", ["東北證券", "Northeast Securities"], ["nesc.cn"], ["S0550"]),
  b("swsc", "西南证券", "Southwest Securities", ["西南證券", "Southwest Securities"], ["swsc.com.cn"]),
  b("zts", "中泰证券", "Zhongtai Securities", ["中泰證券", "Zhongtai Securities"], ["zts.com.cn"], ["S0740"]),
  b("tebon", "德邦证券", "Tebon Securities", ["德邦證券", "Tebon Securities"], ["tebon.com.cn"]),
  b("huachuang", "华创证券", "Huachuang Securities", ["華創證券", "Huachuang Securities"], ["hcyjs.com"], ["S0360"]),
  b("cinda", "信达证券", "Cinda Securities", ["信達證券", "Cinda Securities"], ["cindasc.com"], ["S1500"]),
  b("guohai", "国海证券", "Guohai Securities", ["國海證券", "Guohai Securities"], ["ghzq.com.cn"], ["S0350"]),
  b("dongxing", "东兴证券", "Dongxing Securities", ["東興證券", "Dongxing Securities"], ["dxzq.net.cn"]),
  b("pingan", "平安证券", "Ping An Securities", ["平安證券", "Ping An Securities"], ["pingan.com.cn"], ["S1060"]),
  b("huaan", "华安证券", "Huaan Securities", ["華安證券", "Huaan Securities"], ["hazq.com"]),
  b("pacific", "太平洋证券", "Pacific Securities", ["太平洋證券", "Pacific Securities"], ["tpyzq.com"]),
  b("western", "西部证券", "Western Securities", ["西部證券", "Western Securities"], []),
  b("guoyuan", "国元证券", "Guoyuan Securities", ["國元證券", "Guoyuan Securities"], ["gyzq.com.cn"]),
  b("cfsc", "华鑫证券", "China Fortune Securities", ["華鑫證券", "China Fortune Securities"], ["cfsc.com.cn"]),
  b(
    "boci",
    "中银证券",
    "BOC International",
    ["中银国际证券", "中銀國際", "中银国际", "BOC International"],
    ["bocichina.com"],
  ),
  b("greatwall", "长城证券", "Great Wall Securities", ["長城證券", "Great Wall Securities"], ["cgws.com"]),
  b("guosheng", "国盛证券", "Guosheng Securities", ["國盛證券", "Guosheng Securities"], ["gszq.com"]),
  b("capital", "首创证券", "Capital Securities", ["首創證券"], ["sczq.com.cn"]),
  b("huafu", "华福证券", "Huafu Securities", ["華福證券", "Huafu Securities"], ["hfzq.com.cn"]),
  b("ccnew", "中原证券", "Central China Securities", ["中原證券", "Central China Securities"], ["ccnew.com"]),
  b("donghai", "东海证券", "Donghai Securities", ["東海證券", "Donghai Securities"], ["longone.com.cn"]),
  b("shzq", "上海证券", "Shanghai Securities", ["上海證券"], ["shzq.com"]),
  b("cnpsec", "中邮证券", "China Post Securities", ["中郵證券", "China Post Securities"], ["cnpsec.com"]),
  b("huayuan", "华源证券", "Huayuan Securities", ["華源證券"], []),
  b("shanxi", "山西证券", "Shanxi Securities", ["山西證券"], []),
  b("wanlian", "万联证券", "Wanlian Securities", ["萬聯證券"], []),
  b("huajin", "华金证券", "Huajin Securities", ["華金證券"], []),
  b("yongxing", "甬兴证券", "Yongxing Securities", ["甬興證券"], []),
  b("cmbi", "招银国际", "CMB International", ["招銀國際", "CMB International"], ["cmbi.com.hk"]),
  b("bocomi", "交银国际", "BOCOM International", ["交銀國際", "BOCOM International"], []),
  b("ccbi", "建银国际", "CCB International", ["建銀國際", "CCB International"], []),
  b("htisec", "海通国际", "Haitong International", ["海通國際", "Haitong International"], []),
  b("gtjai", "国泰君安国际", "Guotai Junan International", ["國泰君安國際", "Guotai Junan International"], []),
  b("firstshanghai", "第一上海", "First Shanghai Securities", ["First Shanghai"], []),
];
