import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalBenchmarkName } from "../../src/domain/benchmarks.js";
import type { ExtractedReport, RatingScale } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import type { TruthLabel } from "../scoring/helpers/seed.js";

interface TruthReport {
  file: string;
  broker: { name: string; en: string; domain: string };
  date: { kind: "explicit" | "inferred"; value?: string; window?: [string, string] };
  title: string | null;
  sector: string;
  industryRating: { label: string; action: string | null } | null;
  analysts: Array<{ name: string; license: string | null; role?: string }>;
  picks: Array<{ name: string; code: string; yahoo: string; stance: string; rating: string | null }>;
}
interface TruthScale {
  horizonMonths: [number, number];
  benchmarks: Record<string, string>;
  stock: TruthLabel[];
  industry: TruthLabel[];
}
interface Truth {
  reports: TruthReport[];
  ratingScales: Record<string, TruthScale>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const truth = JSON.parse(readFileSync(path.join(ROOT, "test/fixtures/truth/seed-reports.json"), "utf8")) as Truth;

let master: SecurityMaster;
const results = new Map<string, ExtractedReport>();

beforeAll(() => {
  master = loadSecurityMaster();
  for (const r of truth.reports) {
    const text = readFileSync(path.join(ROOT, "seeds/reports", r.file), "utf8");
    results.set(r.file, extractReport(text, { resolver: master }));
  }
});

function labelsMatch(scale: RatingScale | null, expected: TruthLabel[]): void {
  expect(scale?.parsed).toBe(true);
  expect(scale?.labels.map((l) => l.label)).toEqual(expected.map((l) => l.label));
  expected.forEach((e, k) => {
    const got = scale!.labels[k]!;
    if (e.qualitative !== undefined) {
      expect([got.min, got.max]).toEqual([null, null]);
    } else {
      expect([got.min, got.max]).toEqual([e.min ?? null, e.max ?? null]);
    }
    if (e.en !== undefined) expect(got.en).toBe(e.en);
  });
}

describe.each(truth.reports)("seed report $file ($broker.name)", (t) => {
  const report = (): ExtractedReport => results.get(t.file)!;

  it("names the broker", () => {
    expect(report().broker.name).toBe(t.broker.name);
    expect(report().broker.en).toBe(t.broker.en);
    expect(report().broker.evidence).toContain(t.broker.domain);
  });

  it("dates the report", () => {
    const d = report().date;
    expect(d?.kind).toBe(t.date.kind);
    if (t.date.kind === "explicit") expect(d?.value).toBe(t.date.value);
    else {
      const [from, to] = t.date.window!;
      expect(d!.value >= from && d!.value <= to, `${d?.value} in ${from}..${to}`).toBe(true);
    }
  });

  it("reads title, sector and industry rating", () => {
    expect(report().title).toBe(t.title);
    expect(report().sector).toBe(t.sector);
    expect(report().industryRating).toEqual(
      t.industryRating && { label: t.industryRating.label, action: t.industryRating.action },
    );
  });

  it("lists the analysts with their licences", () => {
    expect(report().analysts.map((a) => ({ name: a.name, license: a.license }))).toEqual(
      t.analysts.map((a) => ({ name: a.name, license: a.license })),
    );
    for (const a of t.analysts) {
      if (a.role) expect(report().analysts.find((x) => x.name === a.name)?.role).toBe(a.role);
    }
  });

  it("finds every pick with its code, stance and rating, and nothing else", () => {
    const picks = report().picks;
    expect(picks.map((p) => p.code).sort()).toEqual(t.picks.map((p) => p.code).sort());
    for (const e of t.picks) {
      const got = picks.find((p) => p.code === e.code)!;
      expect({ code: got.code, symbol: got.symbol, stance: got.stance, rating: got.rating }).toEqual({
        code: e.code,
        symbol: e.yahoo,
        stance: e.stance,
        rating: e.rating,
      });
    }
  });

  it("reads the broker's own rating scales", () => {
    const expected = truth.ratingScales[t.broker.name]!;
    const scales = report().ratingScales;
    expect(scales.found).toBe(true);
    labelsMatch(scales.stock, expected.stock);
    labelsMatch(scales.industry, expected.industry);
    const [min, max] = expected.horizonMonths;
    expect(scales.stock?.horizonMonths).toEqual({ min, max });
    expect(scales.industry?.horizonMonths).toEqual({ min, max });
    if (t.broker.name === "浦银国际") {
      expect(scales.stock?.relativeTo).toBe("industry-index");
      expect(scales.stock?.qualitative).toBe(true);
      expect(scales.stock?.benchmarks.A?.name).toBe("industry-index");
      expect(scales.stock?.benchmarks.HK?.name).toBe("industry-index");
      expect(scales.industry?.benchmarks.HK?.name).toBe("MSCI中国");
      expect(scales.industry?.benchmarks.A?.name).toBe("MSCI中国");
      return;
    }
    for (const [market, printedName] of Object.entries(expected.benchmarks)) {
      const name = canonicalBenchmarkName(printedName);
      expect(scales.stock?.benchmarks[market as "A"]?.name, market).toBe(name);
      expect(scales.industry?.benchmarks[market as "A"]?.name, market).toBe(name);
    }
    expect(scales.stock?.relativeTo).toBe("market");
  });
});

describe("seed picks in detail", () => {
  it("keeps the name as printed while resolving it (寒武纪-U, 美图, a renamed 美亚柏科)", () => {
    const guolian = results.get("003_a742d8feb91be8de.txt")!;
    const cambricon = guolian.picks.find((p) => p.code === "688256")!;
    expect(cambricon.name).toBe("寒武纪-U");
    const soochow = results.get("002_987a530512bc595a.txt")!;
    expect(soochow.picks.find((p) => p.code === "01357")?.name).toBe("美图");
    const kaiyuan = results.get("000_7c463462e07c1a1d.txt")!;
    const meiya = kaiyuan.picks.find((p) => p.code === "300188")!;
    expect(meiya.name).toBe("美亚柏科");
  });

  it("points each span at the printed name and keeps its clause as evidence", () => {
    for (const [file, report] of results) {
      const text = readFileSync(path.join(ROOT, "seeds/reports", file), "utf8");
      for (const p of report.picks) {
        expect(text.slice(p.span.start, p.span.end).replace(/\s+/g, "")).toBe(p.name);
        expect(p.evidence.replace(/\s+/g, "")).toContain(p.name);
      }
    }
    const kaiyuan = results.get("000_7c463462e07c1a1d.txt")!;
    expect(kaiyuan.picks.find((p) => p.code === "000938")?.evidence).toBe(
      "(3) AI 算力领域，服务器端推荐中科曙光、浪潮信息，受益标的包括紫光股份等；",
    );
  });

  it("takes the explicit rating from 东吴's valuation table, merged into the advice pick", () => {
    const soochow = results.get("002_987a530512bc595a.txt")!;
    const kunlun = soochow.picks.find((p) => p.code === "300418")!;
    expect(kunlun).toMatchObject({ stance: "recommend", rating: "买入", printedCode: "300418" });
    expect(kunlun.evidence).toContain("我们推荐在多模态方向已有布局");
  });
});
