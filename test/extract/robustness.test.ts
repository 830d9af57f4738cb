import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as OpenCC from "opencc-js";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport, ResolvedPick } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SEEDS = path.join(ROOT, "seeds/reports");
const files = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".txt"))
  .sort();

let master: SecurityMaster;
const originals = new Map<string, { text: string; report: ExtractedReport }>();

beforeAll(() => {
  master = loadSecurityMaster();
  for (const f of files) {
    const text = readFileSync(path.join(SEEDS, f), "utf8");
    originals.set(f, { text, report: extractReport(text, { resolver: master }) });
  }
});

function picksOf(report: ExtractedReport): Array<[string | null, string, string | null]> {
  return report.picks.map((p: ResolvedPick) => [p.code, p.stance, p.rating]);
}

const TO_HALF: Record<string, string> = { "，": ",", "；": ";", "（": "(", "）": ")", "：": ":", "！": "!", "？": "?" };
const TO_FULL: Record<string, string> = Object.fromEntries(Object.entries(TO_HALF).map(([f, h]) => [h, f]));

/** Every full-width mark becomes half-width and every half-width one full-width. */
function swapPunctuation(text: string): string {
  return text.replace(/[，；（）：！？,;():!?]/g, (c) => TO_HALF[c] ?? TO_FULL[c] ?? c);
}

describe.each(files)("seed %s under damage", (file) => {
  it("gives the same picks with every space and line break removed", () => {
    const { text, report } = originals.get(file)!;
    const stripped = extractReport(text.replace(/\s+/g, ""), { resolver: master });
    expect(picksOf(stripped)).toEqual(picksOf(report));
    expect(stripped.broker.id).toBe(report.broker.id);
    expect(stripped.date).toMatchObject({ value: report.date?.value, kind: report.date?.kind });
    expect(stripped.industryRating).toEqual(report.industryRating);
    expect(stripped.analysts.map((a) => [a.name, a.license])).toEqual(report.analysts.map((a) => [a.name, a.license]));
  });

  it("gives the same picks with full-width and half-width punctuation swapped", () => {
    const { text, report } = originals.get(file)!;
    const swapped = extractReport(swapPunctuation(text), { resolver: master });
    expect(picksOf(swapped)).toEqual(picksOf(report));
    expect(swapped.ratingScales.stock?.labels).toEqual(
      report.ratingScales.stock?.labels.map((l) => ({ ...l, text: swapPunctuation(l.text) })),
    );
  });

  it("keeps every span pointing at the printed name in the damaged text", () => {
    const { text } = originals.get(file)!;
    const stripped = text.replace(/\s+/g, "");
    for (const p of extractReport(stripped, { resolver: master }).picks) {
      expect(stripped.slice(p.span.start, p.span.end)).toBe(p.name);
    }
  });
});

describe("traditional characters", () => {
  const toTraditional = OpenCC.Converter({ from: "cn", to: "hk" });

  it("reads a report printed in traditional characters and resolves HK names (美圖公司 → 01357)", () => {
    const { text, report } = originals.get("003_a742d8feb91be8de.txt")!;
    const traditional = toTraditional(text);
    expect(traditional).toContain("美圖公司");
    const r = extractReport(traditional, { resolver: master });
    expect(r.broker.name).toBe("国联证券");
    expect(picksOf(r)).toEqual(picksOf(report));
    const meitu = r.picks.find((p) => p.code === "01357")!;
    expect(meitu.name).toBe("美圖公司");
    expect(meitu.symbol).toBe("1357.HK");
    expect(traditional.slice(meitu.span.start, meitu.span.end)).toBe("美圖公司");
    expect(r.ratingScales.stock?.labels.map((l) => [l.label, l.min, l.max])).toEqual(
      report.ratingScales.stock?.labels.map((l) => [l.label, l.min, l.max]),
    );
  });

  it("recognises 東吳證券 and its scale in traditional print", () => {
    const { text, report } = originals.get("002_987a530512bc595a.txt")!;
    const r = extractReport(toTraditional(text), { resolver: master });
    expect(r.broker.id).toBe("soochow");
    expect(r.date).toMatchObject({ value: "2024-02-21", kind: "explicit" });
    expect(picksOf(r)).toEqual(picksOf(report));
  });
});
