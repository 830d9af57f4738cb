import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestFile, ingestText } from "../../src/ingest/ingest.js";
import { PdfReaderPool } from "../../src/ingest/pdf/pool.js";
import { walkReportFiles } from "../../src/ingest/walk.js";
import { paths, projectRoot } from "../../src/paths.js";
import { loadSecurityMaster, type SecurityMaster } from "../../src/securities/master.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

const run = promisify(execFile);
const SEED = join(paths.seedReports, "002_987a530512bc595a.txt");
const NOW = () => new Date("2026-11-22T08:00:00Z");

let master: SecurityMaster;
beforeAll(() => {
  master = loadSecurityMaster();
});

function counts(db: ReturnType<typeof openDatabase>) {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    reports: one("SELECT COUNT(*) FROM reports"),
    picks: one("SELECT COUNT(*) FROM picks"),
    scales: one("SELECT COUNT(*) FROM rating_scales"),
  };
}

describe("ingesting report files", () => {
  it("stores a report with its broker, date, scales and picks, and the same text again changes nothing", async () => {
    const db = openDatabase(":memory:");
    const deps = { db, resolver: master, now: NOW };
    const first = await ingestFile(deps, SEED);
    expect(first.status).toBe("stored");
    const stored = counts(db);
    expect(stored).toEqual({ reports: 1, picks: 20, scales: 3 }); // section + stock + industry scales
    const row = db
      .prepare("SELECT broker_id, report_date, date_kind, file_name, length(sha256) AS h FROM reports")
      .get();
    expect(row).toEqual({
      broker_id: "soochow",
      report_date: "2024-02-21",
      date_kind: "explicit",
      file_name: "002_987a530512bc595a.txt",
      h: 64,
    });
    const again = await ingestFile(deps, SEED);
    expect(again.status).toBe("duplicate");
    expect(again.status !== "failed" && again.reportId).toBe(first.status !== "failed" && first.reportId);
    expect(counts(db)).toEqual(stored);
  });

  it("decodes a GBK copy to the same text: it is the same report", async () => {
    const dir = tempDir("bp-gbk-");
    const gbkFile = join(dir, "soochow-gbk.txt");
    writeFileSync(gbkFile, iconv.encode(readFileSync(SEED, "utf8"), "gb18030"));
    const db = openDatabase(":memory:");
    const viaGbk = await ingestFile({ db, resolver: master, now: NOW }, gbkFile);
    expect(viaGbk.status).toBe("stored");
    expect(viaGbk.status === "stored" && viaGbk.encoding).toBe("GB18030");
    expect(viaGbk.status === "stored" && viaGbk.extraction.picks.map((p) => p.code)).toContain("300418");
    expect((await ingestFile({ db, resolver: master, now: NOW }, SEED)).status).toBe("duplicate");
  });

  it("refuses bad files one by one with a named reason and loses nothing stored before", async () => {
    const dir = tempDir("bp-bad-");
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "binary.txt"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0, 0]));
    writeFileSync(join(dir, "news.txt"), "今日天气晴，气温 20 度。股市平稳，投资者情绪稳定。".repeat(20));
    writeFileSync(join(dir, "huge.txt"), Buffer.alloc(5 * 1024 * 1024 + 10, 0x41));
    writeFileSync(join(dir, "slides.pptx"), "not a report");
    const db = openDatabase(":memory:");
    const deps = { db, resolver: master, now: NOW };
    await ingestFile(deps, SEED);
    const before = counts(db);
    const outcomes = await Promise.all(
      ["empty.txt", "binary.txt", "news.txt", "huge.txt", "slides.pptx"].map((f) => ingestFile(deps, join(dir, f))),
    );
    expect(outcomes.map((o) => (o.status === "failed" ? o.error.code : o.status))).toEqual([
      "empty",
      "binary",
      "not-a-report",
      "too-large",
      "unsupported-format",
    ]);
    expect(counts(db)).toEqual(before);
  });

  it("keeps an unknown broker's report, attributed to 'unknown' with the evidence", () => {
    const db = openDatabase(":memory:");
    const text =
      "某某资本研究部\n分析师：张三 执业证书编号：S9990520080001\n投资建议：推荐金山办公。\n" +
      "投资评级说明：买入：预计未来 6 个月相对沪深 300 指数涨幅 20%以上。";
    const o = ingestText({ db, resolver: master, now: NOW }, text, "x.txt");
    expect(o.status).toBe("stored");
    expect(db.prepare("SELECT id, name FROM brokers").all()).toEqual([{ id: "unknown", name: "unknown" }]);
  });

  it("stores a broker missing from the table under its printed name, and a former name with its firm", () => {
    const db = openDatabase(":memory:");
    const deps = { db, resolver: master, now: NOW };
    const fresh = readFileSync(join(projectRoot, "test/fixtures/extract/new-broker-industry.txt"), "utf8");
    const o = ingestText(deps, fresh, "new.txt");
    expect(o.status).toBe("stored");
    const warnings = o.status === "stored" ? o.extraction.warnings : [];
    expect(warnings.some((w) => w.startsWith("broker 测试证券 is not in the broker table"))).toBe(true);
    const essence =
      "安信证券研究中心 2020年03月10日\n分析师：张三 S1450519010001 zhangsan@essence.com.cn\n" +
      "投资评级说明：买入：预计未来 6 个月相对沪深 300 指数涨幅 15%以上。本报告版权属于安信证券股份有限公司。";
    expect(ingestText(deps, essence, "essence.txt").status).toBe("stored");
    expect(db.prepare("SELECT id, name, en, firm_id FROM brokers ORDER BY id").all()).toEqual([
      { id: "essence", name: "安信证券", en: "Essence Securities", firm_id: "sdic" },
      { id: "new-测试证券", name: "测试证券", en: null, firm_id: "new-测试证券" },
    ]);
  });

  it("refuses research that is not a broker's, such as an industry research firm's", () => {
    const db = openDatabase(":memory:");
    const text =
      "头豹研究院 中国体外诊断行业研究 2019年\n研究员：王五 wangwu@leadleo.com\n" +
      "据中信证券研究所统计，2018 年国内 IVD 企业在深圳证券交易所上市 5 家。\n" +
      "本报告版权归头豹研究院所有。".repeat(3);
    const o = ingestText({ db, resolver: master, now: NOW }, text, "leadleo.txt");
    expect(o.status === "failed" && o.error.code).toBe("not-a-report");
    expect(counts(db).reports).toBe(0);
  });

  it("walks folders recursively for report files", async () => {
    const dir = tempDir("bp-walk-");
    mkdirSync(join(dir, "2024", "02"), { recursive: true });
    copyFileSync(SEED, join(dir, "2024", "02", "a.txt"));
    writeFileSync(join(dir, "2024", "notes.md"), "# notes");
    writeFileSync(join(dir, "image.png"), "x");
    const { files, unreadable } = await walkReportFiles([dir, join(dir, "nope")]);
    expect(files.map((f) => f.path.slice(dir.length))).toEqual(["/2024/02/a.txt", "/2024/notes.md"]);
    expect(files.map((f) => f.shown)).toEqual(["2024/02/a.txt", "2024/notes.md"]);
    expect(unreadable).toEqual([{ input: join(dir, "nope"), missing: true, message: "no such file or folder" }]);
  });
});

describe("loading the PDF reader", () => {
  it("happens only when a PDF comes along, and never on the main thread: pdfjs runs in the reader's worker", async () => {
    const db = openDatabase(":memory:");
    const pdfjsLoaded = () => "pdfjsLib" in globalThis;
    const pool = new PdfReaderPool();
    const reads: number[] = [];
    const pdf = {
      read: (bytes: Uint8Array) => {
        reads.push(bytes.length);
        return pool.read(bytes);
      },
      close: () => pool.close(),
    };
    try {
      expect((await ingestFile({ db, resolver: master, now: NOW, pdf }, SEED)).status).toBe("stored");
      expect(reads).toEqual([]);
      const file = join(projectRoot, "test", "fixtures", "pdf", "soochow-media-2024-02-21.libreoffice.pdf");
      // The PDF of the same report: read (its text is what tells it is a copy), not stored again.
      expect((await ingestFile({ db, resolver: master, now: NOW, pdf }, file)).status).toBe("duplicate");
      expect(reads).toEqual([statSync(file).size]);
      expect(pdfjsLoaded()).toBe(false);
    } finally {
      await pool.close();
    }
  });
});

describe("npm run ingest", () => {
  it("prints a line per report, --json the extraction, and exits non-zero when a file failed", async () => {
    const dir = tempDir("bp-cli-");
    const env = { ...process.env, BROKERPICKS_DB: join(dir, "cli.sqlite"), LOG_LEVEL: "silent" };
    const tsx = join(projectRoot, "node_modules", ".bin", "tsx");
    const cli = join(projectRoot, "src", "cli", "ingest.ts");
    const ok = await run(tsx, [cli, SEED], { env });
    const { default: Database } = await import("better-sqlite3");
    const check = new Database(env.BROKERPICKS_DB, { readonly: true });
    // Scores are stored right after ingestion (no prices in this store yet: unscorable, flagged).
    expect(check.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get()).toBe(20);
    check.close();
    expect(ok.stdout).toMatch(
      /^STORED +002_987a530512bc595a\.txt {2}东吴证券 {2}2024-02-21 \(explicit\) {2}picks: recommend 13, watch 7, beneficiary 0; unresolved 0; scale parsed$/m,
    );
    const json = await run(tsx, [cli, "--json", SEED], { env });
    const obj = JSON.parse(json.stdout.trim()) as {
      broker: { name: string };
      date: { value: string; kind: string };
      picks: { code: string; stance: string; rating: string | null }[];
    };
    expect(obj.broker.name).toBe("东吴证券");
    expect(obj.date).toMatchObject({ value: "2024-02-21", kind: "explicit" });
    expect(obj.picks.find((p) => p.code === "300654")).toMatchObject({ stance: "recommend", rating: "增持" });
    writeFileSync(join(dir, "empty.txt"), "");
    const failed = await run(tsx, [cli, SEED, join(dir, "empty.txt")], { env }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^DUPLICATE +002_987a530512bc595a\.txt .*\(duplicate of report 1: same file; not stored\)$/m,
    );
    expect(failed.stdout).toMatch(/^FAILED +empty\.txt: empty: file has no text$/m);
  }, 60_000);
});
