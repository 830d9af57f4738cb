/**
 * Characters as PDF text layers bring them, put back to what was printed. Chinese fonts often
 * map a glyph to a radical's code point instead of the character's (⽉ for 月, ⻚ for 页, ⻛ for
 * 风): the page looks right and the text does not match anything. Kangxi radicals and
 * compatibility ideographs have Unicode compatibility mappings (NFKC); the CJK Radicals
 * Supplement mostly has none, so its equivalents are listed here (Unicode's
 * EquivalentUnifiedIdeograph data, for the radicals that stand for a whole character or a
 * printable component).
 */
const RADICAL_SUPPLEMENT: Readonly<Record<number, string>> = {
  11905: "厂",
  11908: "乙",
  11909: "亻",
  11910: "冂",
  11913: "刂",
  11914: "卜",
  11916: "小",
  11917: "小",
  11918: "兀",
  11920: "尢",
  11922: "巳",
  11923: "幺",
  11924: "彑",
  11926: "忄",
  11928: "扌",
  11929: "攵",
  11931: "旡",
  11932: "日",
  11933: "月",
  11934: "歺",
  11935: "母",
  11936: "民",
  11937: "氵",
  11938: "氺",
  11939: "灬",
  11940: "爫",
  11942: "丬",
  11943: "牛",
  11944: "犭",
  11945: "王",
  11946: "疋",
  11947: "目",
  11948: "示",
  11949: "礻",
  11951: "糹",
  11952: "纟",
  11954: "罒",
  11958: "羊",
  11959: "羊",
  11961: "耂",
  11962: "肀",
  11963: "聿",
  11965: "臼",
  11966: "艹",
  11967: "艹",
  11968: "艹",
  11969: "虎",
  11970: "衤",
  11971: "覀",
  11972: "西",
  11973: "见",
  11974: "角",
  11976: "讠",
  11977: "贝",
  11979: "车",
  11980: "辶",
  11981: "辶",
  11983: "阝",
  11984: "钅",
  11985: "長",
  11986: "镸",
  11987: "长",
  11988: "门",
  11990: "阝",
  11991: "雨",
  11992: "青",
  11993: "韦",
  11994: "页",
  11995: "风",
  11996: "飞",
  11997: "食",
  11999: "飠",
  12000: "饣",
  12002: "马",
  12003: "骨",
  12004: "鬼",
  12005: "鱼",
  12006: "鸟",
  12007: "卤",
  12008: "麦",
  12009: "黄",
  12010: "黾",
  12011: "斉",
  12012: "齐",
  12013: "歯",
  12014: "齿",
  12015: "竜",
  12016: "龙",
  12017: "龜",
  12018: "亀",
  12019: "龟",
};

/**
 * Blocks whose compatibility mapping is safe to apply one character at a time: Kangxi radicals,
 * CJK compatibility ideographs (BMP and supplement), CJK compatibility forms (vertical
 * punctuation) and Latin ligatures (ﬁ). NFKC is not applied to the whole text: it would also
 * turn ① into 1 and ㈠ into (一), which the report printed on purpose.
 */
const COMPAT = /[\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06\ufe30-\ufe4f]|\ud87e[\udc00-\ude1f]/g;
const SUPPLEMENT = /[\u2e80-\u2eff]/g;

export function foldPdfCharacters(text: string): string {
  return text
    .replace(COMPAT, (c) => c.normalize("NFKC"))
    .replace(SUPPLEMENT, (c) => RADICAL_SUPPLEMENT[c.charCodeAt(0)] ?? c);
}

/** Chinese characters, kana, CJK punctuation and full-width forms: text written without spaces. */
const CJK = "\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef";
const SPACE = "[ \\u00a0\\u3000]+";
const AFTER_CJK = new RegExp(`([${CJK}])${SPACE}(?=[${CJK}A-Za-z0-9])`, "g");
const BEFORE_CJK = new RegExp(`([A-Za-z0-9%])${SPACE}(?=[${CJK}])`, "g");

/**
 * Drops the spaces PDF text puts between Chinese and Latin letters or digits (沪深 300,
 * 2024 年 2 月) and between Chinese characters (letter-spaced headings): Chinese is written
 * without them. Spaces between Latin words and between numbers stay; tabs (column gaps) and
 * line breaks are not touched.
 */
export function closeCjkSpacing(text: string): string {
  return text.replace(AFTER_CJK, "$1").replace(BEFORE_CJK, "$1");
}
