import { describe, expect, it } from "vitest";
import { notUtf8Name, printableName } from "../../src/ingest/printable.js";

describe("file names as printed", () => {
  it("escapes what would forge a line, colour the terminal or reverse the name", () => {
    expect(printableName("evil\nSTORED     forged.txt\x1b[31mred.txt")).toBe(
      "evil\\nSTORED     forged.txt\\x1b[31mred.txt",
    );
    expect(printableName("a\rb\tc\x00d\x7fe")).toBe("a\\rb\\tc\\x00d\\x7fe");
    // C1 controls (0x9b is a one-character CSI on some terminals), bidi overrides and isolates.
    expect(printableName("x\u009b31my")).toBe("x\\u009b31my");
    expect(printableName("report\u202Etxt.exe")).toBe("report\\u202etxt.exe");
    expect(printableName("\u2066a\u2069\u200f\u2028")).toBe("\\u2066a\\u2069\\u200f\\u2028");
    // A lone surrogate cannot be printed as a character.
    expect(printableName("a\uD800b")).toBe("a\\ud800b");
  });

  it("keeps ordinary names as they are: Chinese, spaces, brackets, backslashes", () => {
    for (const name of ["东吴证券 传媒行业 2024-02-21.pdf", "soochow (1).pdf", "a\\b.txt", "报告——《年报》.md"]) {
      expect(printableName(name)).toBe(name);
    }
  });

  it("shows the bytes of a name that is not UTF-8 as \\xNN, its UTF-8 parts as text", () => {
    // 报告 in GBK, as a Windows zip names it, then ".txt"; a Chinese character before it in UTF-8.
    const gbk = Buffer.from([0xb1, 0xa8, 0xb8, 0xe6, 0x2e, 0x74, 0x78, 0x74]);
    expect(notUtf8Name(gbk)).toBe("\\xb1\\xa8\\xb8\\xe6.txt");
    expect(notUtf8Name(Buffer.concat([Buffer.from("东", "utf8"), Buffer.from([0xff])]))).toBe("东\\xff");
    // A character cut short, an overlong form.
    expect(notUtf8Name(Buffer.from([0x61, 0xe4, 0xb8]))).toBe("a\\xe4\\xb8");
    expect(notUtf8Name(Buffer.from([0xc0, 0xaf]))).toBe("\\xc0\\xaf");
    expect(notUtf8Name(Buffer.from("东吴.pdf", "utf8"))).toBeNull();
  });
});
