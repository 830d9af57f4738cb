import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeReportBytes, IngestError, MAX_REPORT_BYTES } from "../../src/ingest/decode.js";

const REPORT =
  "开源证券研究所\n投资建议：推荐金山办公、科大讯飞等。\n投资评级说明：买入（Buy）预计相对强于市场表现 20%以上；";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof IngestError) return err.code;
    throw err;
  }
  return "none";
}

describe("decoding report files", () => {
  it("reads UTF-8 with and without a BOM", () => {
    expect(decodeReportBytes(Buffer.from(REPORT, "utf8"))).toEqual({ text: REPORT, encoding: "UTF-8" });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPORT, "utf8")]);
    expect(decodeReportBytes(bom).text).toBe(REPORT);
  });

  it("detects and decodes GBK/GB18030 text", () => {
    const gbk = iconv.encode(REPORT, "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    const out = decodeReportBytes(gbk);
    expect(out.text).toBe(REPORT);
    expect(out.encoding).toBe("GB18030");
  });

  it("decodes Big5 and UTF-16 with a BOM", () => {
    const trad = "東吳證券研究所\n投資建議：推薦美圖公司。買入：預期未來 6 個月個股漲跌幅相對基準在 15% 以上；".repeat(
      3,
    );
    expect(decodeReportBytes(iconv.encode(trad, "big5")).text).toBe(trad);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(REPORT, "utf16le")]);
    expect(decodeReportBytes(le)).toEqual({ text: REPORT, encoding: "UTF-16LE" });
  });

  it("refuses empty, binary and oversized input with a named reason", () => {
    expect(code(() => decodeReportBytes(Buffer.alloc(0)))).toBe("empty");
    expect(code(() => decodeReportBytes(Buffer.from(" \n\t \r\n")))).toBe("empty");
    expect(
      code(() => decodeReportBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))),
    ).toBe("binary");
    const noisy = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(code(() => decodeReportBytes(noisy))).toBe("binary");
    expect(code(() => decodeReportBytes(Buffer.alloc(MAX_REPORT_BYTES + 1, 0x41)))).toBe("too-large");
  });
});
