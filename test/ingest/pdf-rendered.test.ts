import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractedReport } from "../../src/domain/types.js";
import { extractReport } from "../../src/extract/index.js";
import { ingestFile } from "../../src/ingest/ingest.js";
import { pdfToText } from "../../src/ingest/pdf/index.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";
import {
  closeChromium,
  ensurePdfTools,
  printImageOnly,
  printWithChromium,
  renderWithLibreOffice,
  reportHtml,
} from "./helpers/pdfTools.js";

/**
 * Every seed report rendered to PDF by real producers, then ingested: LibreOffice (the text as
 * it is) and Chromium (the report as an HTML page with a running header and footer on every
 * page and a narrow name column whose cells wrap). Both must give what the text gives.
 */

interface TruthReport {
  file: string;
  broker: { name: string };
  sector: string;
}
const truth = JSON.parse(readFileSync(join(projectRoot, "test/fixtures/truth/seed-reports.json"), "utf8")) as {
  reports: TruthReport[];
};

const PRODUCERS = ["LibreOffice", "Chromium"] as const;
type Producer = (typeof PRODUCERS)[number];
const NOW = () => new Date("2026-11-22T08:00:00Z");
const FOOTER = "请务必阅读正文之后的免责声明部分";

let unavailable: string | null = null;
let master: SecurityMaster;
const pdfs = new Map<string, string>();
const dbs = new Map<Producer, Db>();
const work = tempDir("bp-rendered-");

beforeAll(async () => {
  master = loadSecurityMaster();
  unavailable = await ensurePdfTools();
  if (unavailable) {
    console.warn(`skipping the PDF rendering tests: ${unavailable}`);
    return;
  }
  for (const p of PRODUCERS) dbs.set(p, openDatabase(":memory:"));
  mkdirSync(join(work, "txt"));
  for (const t of truth.reports) {
    const txt = join(work, "txt", t.file);
    copyFileSync(join(paths.seedReports, t.file), txt);
    pdfs.set(`LibreOffice ${t.file}`, await renderWithLibreOffice(txt, join(work, "libreoffice")));
    const html = reportHtml(readFileSync(txt, "utf8"), { title: t.file, narrowColumns: true });
    mkdirSync(join(work, "chromium"), { recursive: true });
    const out = join(work, "chromium", t.file.replace(/\.txt$/, ".pdf"));
    pdfs.set(
      `Chromium ${t.file}`,
      await printWithChromium(html, out, {
        header: `<span>${t.broker.name} 证券研究报告</span><span>${t.sector}</span>`,
        footer: `<span>${FOOTER}</span><span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span>`,
      }),
    );
  }
}, 900_000);

afterAll(async () => {
  await closeChromium();
});

const picksOf = (x: ExtractedReport) =>
  x.picks.map((p) => `${p.code ?? "?"} ${p.name} ${p.stance} ${p.rating ?? "-"}`).sort();

describe.each(truth.reports)("seed $file ($broker.name) as PDF", (t) => {
  for (const producer of PRODUCERS) {
    it(`${producer}: the same broker, date, scale and picks as the text`, async (ctx) => {
      if (unavailable) return ctx.skip(unavailable);
      const db = dbs.get(producer)!;
      const fromText = extractReport(readFileSync(join(paths.seedReports, t.file), "utf8"), { resolver: master });
      const o = await ingestFile({ db, resolver: master, now: NOW }, pdfs.get(`${producer} ${t.file}`)!);
      if (o.status !== "stored") throw new Error(`${producer} PDF of ${t.file}: ${JSON.stringify(o)}`);
      const x = o.extraction;
      expect(x.broker.name).toBe(t.broker.name);
      expect(x.broker.id).toBe(fromText.broker.id);
      expect(x.date).toMatchObject({ value: fromText.date?.value, kind: fromText.date?.kind });
      expect(x.industryRating?.label).toBe(fromText.industryRating?.label);
      expect(x.ratingScales.stock?.labels.map((l) => [l.label, l.min, l.max])).toEqual(
        fromText.ratingScales.stock?.labels.map((l) => [l.label, l.min, l.max]),
      );
      expect(picksOf(x)).toEqual(picksOf(fromText));
      const text = db.prepare("SELECT text FROM reports WHERE id = ?").pluck().get(o.reportId) as string;
      // What PDF text brings is gone: radicals for 月/页/文, running headers and footers.
      expect(text).not.toMatch(/[\u2e80-\u2fdf]/);
      expect(text).not.toContain(FOOTER);
      expect(text).not.toMatch(/第 ?\d+ ?页 ?\/ ?共/);
      if (producer === "Chromium") expect(text).not.toContain(`${t.broker.name}证券研究报告`);
    });
  }
});

describe("a first page with a sidebar, as broker reports lay it out", () => {
  it("keeps the text's sentences whole across the page break and gives the text's picks", async (ctx) => {
    if (unavailable) return ctx.skip(unavailable);
    const seed = readFileSync(join(paths.seedReports, "002_987a530512bc595a.txt"), "utf8");
    const body = reportHtml(seed, { title: "sidebar" }).replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, "");
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>
      body { font-family: "Noto Sans CJK SC"; font-size: 10pt; display: flex; gap: 12pt; }
      main { flex: 3; } aside { flex: 1; font-size: 8pt; border-left: 1px solid #999; padding-left: 6pt; }
    </style></head><body><main>${body}</main><aside><p>东吴证券研究所</p><p>行业走势</p>
      <p>传媒指数与沪深300指数相对走势图，近一年相对收益为负，近期有所改善，关注后续表现。</p>
      <p>市场数据：行业指数收盘点位，市盈率，市净率。</p></aside></body></html>`;
    const pdf = await printWithChromium(html, join(work, "sidebar.pdf"));
    const { text } = await pdfToText(readFileSync(pdf));
    const compact = text.replace(/\s+/g, "");
    // Page 1 ends inside this sentence; the sidebar is read before the text, not inside it.
    expect(compact).toContain("3)专业内容生产方可降本增效。");
    expect(compact.indexOf("行业走势")).toBeLessThan(compact.indexOf("投资要点"));
    const fromText = extractReport(seed, { resolver: master });
    const fromPdf = extractReport(text, { resolver: master });
    expect(picksOf(fromPdf)).toEqual(picksOf(fromText));
    expect(fromPdf.date).toMatchObject({ value: "2024-02-21", kind: "explicit" });
  });
});

describe("a table Chromium wraps inside its cells", () => {
  it("reads each row back on one line: a name wrapped over three lines with a hyphen, a name with its own hyphen", async (ctx) => {
    if (unavailable) return ctx.skip(unavailable);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
      body { font-family: "Noto Sans CJK SC"; font-size: 10pt; }
      td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; }
      td.name { width: 3.2em; max-width: 3.2em; hyphens: manual; }
    </style></head><body><p>重点公司估值</p><table>
      <tr><td>688256</td><td class="name">寒武纪-U</td><td>买入</td></tr>
      <tr><td>300033</td><td class="name">Hithink tech&shy;nology</td><td>增持</td></tr>
      <tr><td>300418</td><td class="name">昆仑万维</td><td>买入</td></tr>
    </table></body></html>`;
    const pdf = await printWithChromium(html, join(work, "wrapped-table.pdf"));
    const { text } = await pdfToText(readFileSync(pdf));
    expect(text).toBe("重点公司估值\n688256\t寒武纪-U\t买入\n300033\tHithink technology\t增持\n300418\t昆仑万维\t买入");
  });
});

describe("PDFs the producers make that cannot be read", () => {
  it("Chromium's print of a page photograph has no text layer", async (ctx) => {
    if (unavailable) return ctx.skip(unavailable);
    const seed = readFileSync(join(paths.seedReports, "000_7c463462e07c1a1d.txt"), "utf8");
    const scan = await printImageOnly(reportHtml(seed, { title: "scan" }), join(work, "scan.pdf"));
    const o = await ingestFile({ db: openDatabase(":memory:"), resolver: master, now: NOW }, scan);
    expect(o.status === "failed" && o.error).toEqual({
      code: "no-text-layer",
      message: "the PDF has no text layer (1 page of images, e.g. a scan): run OCR on it first",
    });
  });

  it("LibreOffice's password-protected export is refused as encrypted", async (ctx) => {
    if (unavailable) return ctx.skip(unavailable);
    const txt = join(work, "txt", "002_987a530512bc595a.txt");
    const pdf = await renderWithLibreOffice(txt, join(work, "encrypted"), { password: "研报2024" });
    const o = await ingestFile({ db: openDatabase(":memory:"), resolver: master, now: NOW }, pdf);
    expect(o.status === "failed" && o.error).toEqual({
      code: "pdf-encrypted",
      message: "the PDF is password-protected: save an unprotected copy",
    });
  });
});
