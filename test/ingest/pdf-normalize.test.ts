import { describe, expect, it } from "vitest";
import { IngestError } from "../../src/ingest/decode.js";
import { closeCjkSpacing, foldPdfCharacters } from "../../src/ingest/pdf/chars.js";
import { isPageNumber, removePageFurniture } from "../../src/ingest/pdf/furniture.js";
import { pagesToText } from "../../src/ingest/pdf/index.js";
import { joinFragments, lineText, type PageText, type PlacedText, pageLines } from "../../src/ingest/pdf/layout.js";
import { isPdf } from "../../src/ingest/pdf/read.js";

/** A run of text at (x, y) in a 10-point font, 10 units a Chinese character and 5 a Latin one. */
function run(str: string, x: number, y: number, eol = false): PlacedText {
  const width = [...str].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 10 : 5), 0);
  return { str, x, y, width, size: 10, eol };
}

function page(items: PlacedText[]): PageText {
  return { width: 595, height: 842, items };
}

const texts = (p: PageText) => pageLines(p).map(lineText);

describe("characters from PDF fonts", () => {
  it("folds Kangxi radicals, radical-supplement forms and compatibility ideographs to the characters printed", () => {
    // ⽉ U+2F49 and ⽂ U+2F42 (Kangxi radicals: NFKC knows them); ⻚ U+2EDA, ⻛ U+2EDB, ⻓ U+2ED3,
    // ⻢ U+2EE2 (radicals supplement: NFKC leaves them); 﨑 U+FA11 (compatibility ideograph).
    expect(foldPdfCharacters("2024年2⽉21⽇")).toBe("2024年2月21日");
    expect(foldPdfCharacters("第1⻚ ⻛险提示 ⻓江证券 ⻢上")).toBe("第1页 风险提示 长江证券 马上");
    expect(foldPdfCharacters("请务必阅读正⽂")).toBe("请务必阅读正文");
    expect("⻚".normalize("NFKC")).toBe("⻚"); // why the table exists
    expect(foldPdfCharacters("第\uF9D1章")).toBe("第六章"); // U+F9D1, a compatibility 六
    expect(foldPdfCharacters("ﬁnancial")).toBe("financial");
  });

  it("leaves what the report printed on purpose: circled numbers, full-width text, plain characters", () => {
    expect(foldPdfCharacters("①推荐金山办公；（２）关注")).toBe("①推荐金山办公；（２）关注");
  });
});

describe("spaces inside Chinese text", () => {
  it("drops the spaces PDF text puts between Chinese and Latin letters or digits", () => {
    expect(closeCjkSpacing("相对沪深 300 指数涨幅 20%以上")).toBe("相对沪深300指数涨幅20%以上");
    expect(closeCjkSpacing("2024 年 02 月 21 日")).toBe("2024年02月21日");
    expect(closeCjkSpacing("OpenAI 发布 Sora 模型")).toBe("OpenAI发布Sora模型");
  });

  it("drops letter-spacing between Chinese characters and after Chinese punctuation", () => {
    expect(closeCjkSpacing("投 资 评 级 说 明")).toBe("投资评级说明");
    expect(closeCjkSpacing("投资建议： 推荐金山办公")).toBe("投资建议：推荐金山办公");
  });

  it("keeps spaces between Latin words and numbers, and tabs and line breaks everywhere", () => {
    expect(closeCjkSpacing("Vision Pro 开启")).toBe("Vision Pro开启");
    expect(closeCjkSpacing("2022A 2023E 2024E")).toBe("2022A 2023E 2024E");
    expect(closeCjkSpacing("代码\t公司\n300418\t昆仑万维")).toBe("代码\t公司\n300418\t昆仑万维");
  });
});

describe("lines from positioned runs", () => {
  it("joins runs on one baseline: a narrow gap is a space, a gap of an em or more a column tab", () => {
    const p = page([run("AGI", 50, 700), run("里程碑", 70, 700), run("300418", 50, 680), run("买入", 120, 680)]);
    expect(texts(p)).toEqual(["AGI 里程碑", "300418\t买入"]);
  });

  it("puts a table cell wrapped onto two lines back together, with the rest of its row", () => {
    // A producer drawing the table cell by cell: code, the name's first line, the name's second
    // line under it, then the row's other cells back on the row's baseline.
    const p = page([
      run("300418", 50, 700),
      run("昆仑", 100, 700, true),
      run("万维", 100, 686, true),
      run("460.49", 150, 700),
      run("买入", 200, 700, true),
      run("300364", 50, 670),
      run("中文在线", 100, 670),
      run("-", 150, 670),
      run("买入", 200, 670, true),
    ]);
    expect(texts(p)).toEqual(["300418\t昆仑万维\t460.49\t买入", "300364\t中文在线\t-\t买入"]);
  });

  it("joins a hyphenated cell: a line-break hyphen inside a word goes, a hyphen of the name stays", () => {
    const p = page([
      run("688256", 50, 700),
      run("寒武纪-", 90, 700, true),
      run("U", 90, 686, true),
      run("300033", 50, 660),
      run("Hithink tech-", 90, 660, true),
      run("nology", 90, 646, true),
    ]);
    expect(texts(p)).toEqual(["688256\t寒武纪-U", "300033\tHithink technology"]);
    expect(joinFragments("Sora-", "Turbo")).toBe("Sora-Turbo");
    expect(joinFragments("tech\u00ad", "nology")).toBe("technology");
  });

  it("follows a cell wrapped over three lines, each line continuing the one above", () => {
    const p = page([
      run("300033", 50, 700),
      run("Hithink", 100, 700, true),
      run("tech-", 100, 686, true),
      run("nology", 100, 672, true),
      run("增持", 150, 700, true),
    ]);
    expect(texts(p)).toEqual(["300033\tHithink technology\t增持"]);
  });

  it("does not join prose lines that start at the margin, nor a cell that is only a dash", () => {
    const p = page([
      run("推荐金山办公、科大讯飞、", 50, 700, true),
      run("同花顺等。", 50, 686, true),
      run("PE", 50, 660),
      run("-", 90, 660, true),
      run("12.5", 90, 646, true),
    ]);
    expect(texts(p)).toEqual(["推荐金山办公、科大讯飞、", "同花顺等。", "PE\t-", "12.5"]);
  });
});

describe("a sidebar beside the text", () => {
  const main = (lines: string[], y0: number) => lines.map((l, i) => run(l, 50, y0 - 14 * i, true));
  const side = (lines: string[]) => lines.map((l, i) => run(l, 440, 760 - 12 * i, true));

  it("is read before the text it stands beside, after a title running above both", () => {
    const p = page([
      run("传媒行业点评报告：AGI 里程碑，多模态有望加速发展，关注产业链上下游的投资机会与风险", 50, 790, true),
      ...main(
        [
          "投资要点",
          "事件：2月17日，OpenAI 发布首个视频生成模型 Sora。",
          "投资建议：我们推荐多模态方向的标的，包括昆仑",
        ],
        760,
      ),
      ...side(["证券分析师 张良卫", "执业证书：S0600516070001", "行业走势"]),
    ]);
    expect(pagesToText([p]).text).toBe(
      "传媒行业点评报告：AGI里程碑，多模态有望加速发展，关注产业链上下游的投资机会与风险\n" +
        "证券分析师张良卫\n执业证书：S0600516070001\n行业走势\n" +
        "投资要点\n事件：2月17日，OpenAI发布首个视频生成模型Sora。\n投资建议：我们推荐多模态方向的标的，包括昆仑",
    );
  });

  it("leaves two columns of equal width, and a page without columns, in drawing order", () => {
    const left = ["第一栏一", "第一栏二", "第一栏三"].map((l, i) => run(l, 50, 760 - 14 * i, true));
    const right = ["第二栏一", "第二栏二", "第二栏三"].map((l, i) => run(l, 300, 760 - 14 * i, true));
    expect(texts(page([...left, ...right]))).toEqual([
      "第一栏一",
      "第一栏二",
      "第一栏三",
      "第二栏一",
      "第二栏二",
      "第二栏三",
    ]);
    expect(pagesToText([page([...left, ...right])]).text.split("\n")[0]).toBe("第一栏一");
    expect(pagesToText([page(main(["一", "二", "三", "四", "五", "六"], 760))]).text).toBe("一\n二\n三\n四\n五\n六");
  });
});

describe("running headers and footers", () => {
  const header = () => [run("东吴证券研究所", 50, 810), run("传媒行业点评报告", 400, 810, true)];
  const footer = (n: number) => [run(`请务必阅读正文之后的免责声明部分 第 ${n} 页 / 共 3 页`, 50, 30, true)];
  const body = (lines: string[]) => lines.map((l, i) => run(l, 50, 760 - 14 * i, true));

  it("removes lines repeated at the same place on most pages, page numbers masked", () => {
    const pages = [
      page([...header(), ...body(["投资要点", "我们推荐昆仑"]), ...footer(1)]),
      page([...header(), ...body(["万维、中文在线。", "风险提示：技术发展不及预期。"]), ...footer(2)]),
      page([...header(), ...body(["投资评级说明"]), ...footer(3)]),
    ];
    const out = pagesToText(pages);
    expect(out.text).toBe("投资要点\n我们推荐昆仑\n万维、中文在线。\n风险提示：技术发展不及预期。\n投资评级说明");
    expect(out.furniture).toEqual([
      "东吴证券研究所\t传媒行业点评报告",
      "请务必阅读正文之后的免责声明部分 第 1 页 / 共 3 页",
    ]);
    expect(out.pages).toBe(3);
  });

  it("keeps a line that repeats in the text but not at one place, and a single page as it is", () => {
    const pages = [
      page([...body(["数据来源：Wind", "正文一"])]),
      page([...body(["正文二", "正文三", "数据来源：Wind"])]),
    ];
    const result = removePageFurniture(pages.map(pageLines));
    expect(result.removed).toEqual([]);
    expect(result.pages.flat().map(lineText)).toEqual([
      "数据来源：Wind",
      "正文一",
      "正文二",
      "正文三",
      "数据来源：Wind",
    ]);
    expect(removePageFurniture([pageLines(page(header()))]).removed).toEqual([]);
  });

  it("knows bare page numbers in their usual forms", () => {
    for (const s of ["3", "- 3 -", "第 3 页", "第3页/共10页", "3 / 10", "Page 3 of 10"])
      expect(isPageNumber(s)).toBe(true);
    for (const s of ["2024", "2024-02-19", "投资评级说明", "图 3"]) {
      expect(isPageNumber(s), s).toBe(s === "2024");
    }
  });
});

describe("a PDF without text", () => {
  it("is refused as having no text layer, with the page count", () => {
    const scan = [page([]), page([run("  ", 0, 0)])];
    expect(() => pagesToText(scan)).toThrowError(IngestError);
    expect(() => pagesToText(scan)).toThrowError(/no text layer \(2 pages of images/);
  });
});

describe("telling a PDF by its bytes", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
  it("finds the signature at the start, after white space or a BOM, or after binary junk", () => {
    expect(isPdf(bytes("%PDF-1.7\n%âãÏÓ"))).toBe(true);
    expect(isPdf(bytes("\r\n  %PDF-1.4"))).toBe(true);
    expect(isPdf(bytes([0xef, 0xbb, 0xbf], "%PDF-1.4"))).toBe(true);
    expect(isPdf(bytes([0x00, 0x00, 0x01, 0x7f, 0x05], "%PDF-1.6"))).toBe(true);
  });

  it("does not take a text that quotes the signature for a PDF", () => {
    expect(isPdf(bytes("报告附件格式：%PDF-1.7"))).toBe(false);
    expect(isPdf(bytes("File header: %PDF-1.7"))).toBe(false);
    expect(isPdf(bytes("东吴证券研究所"))).toBe(false);
  });
});
