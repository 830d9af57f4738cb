import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { projectRoot } from "../../src/paths.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { SEED_BROKERS, SEED_NOW, type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { ensureChromium, launchChromium } from "./chromium.js";

const OUT = join(projectRoot, "test-output");

const unavailable = await ensureChromium();
if (unavailable) console.warn(`skipping the browser test: ${unavailable}`);

describe.skipIf(unavailable !== null)("dashboard page in headless Chromium", () => {
  let seed: SeedDb;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    seed = await seedDb();
    const app = createApp({
      db: seed.db,
      token: null,
      now: () => SEED_NOW,
      logger: silentLogger,
      services: seedServices(seed),
    });
    server = await startServer(app, { host: "127.0.0.1", port: 0, logger: silentLogger });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    mkdirSync(OUT, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the five seed brokers in the leaderboard, with hit rates and their N", async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="overview"]');
    const names = await page.$$eval("table.leaderboard tbody tr .broker-name", (els) => els.map((e) => e.textContent));
    expect([...names].sort()).toEqual(Object.values(SEED_BROKERS).sort());
    await page.click('#leaderboard-scope [data-scope="all"]'); // every pick, not rated calls only
    const kaiyuan = await page.textContent('table.leaderboard tr[data-broker="kaiyuan"]');
    expect(kaiyuan).toContain("N=17");
    await page.waitForSelector(".calibration canvas");
    await page.screenshot({ path: join(OUT, "dashboard-overview.png"), fullPage: true });
  });

  it("ranks brokers by the lower bound of their per-call interval and lists those with too few calls apart", async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="overview"]');
    const ranked = await page.$$eval("table.leaderboard.ranked tbody tr", (trs) =>
      trs.map((tr) => [tr.querySelector(".rank")?.textContent?.trim(), tr.querySelector(".broker-name")?.textContent]),
    );
    expect(ranked).toEqual([
      ["1", "开源证券"],
      ["2", "东吴证券"],
    ]);
    // 开源证券: 15 of 17 calls, all from one report: 88.2% [16.1%–99.7%].
    const kaiyuan = await page.textContent('table.leaderboard.ranked tr[data-broker="kaiyuan"] td.per-call');
    expect(kaiyuan).toBe("88.2% [16%–100%]17 观点 / 1 研报");
    expect(await page.textContent("#too-few-calls")).toBe("观点不足");
    const tooFew = await page.$$eval("table.leaderboard.too-few tbody tr", (trs) =>
      trs.map((tr) => tr.getAttribute("data-broker")),
    );
    expect([...tooFew].sort()).toEqual(["guolian", "minsheng", "spdbi"]);
    expect(await page.$$eval("table.leaderboard.too-few .rank", (els) => els.length)).toBe(0);
    const note = await page.textContent("#too-few-calls + p");
    expect(note).toContain("少于 10 个");
    expect(note).not.toMatch(/[A-Za-z]{3,}/);
  });

  it("shows gains in red by default and switches to green-up on request", async () => {
    const up = () => page.$eval("table.leaderboard .up", (el) => getComputedStyle(el).color);
    expect(await up()).toBe("rgb(217, 54, 62)");
    await page.click("#color-switch");
    await page.waitForSelector('body.colors-intl[data-ready="overview"] table.leaderboard .up');
    expect(await up()).toBe("rgb(26, 155, 80)");
    await page.click("#color-switch");
    await page.waitForSelector('body.colors-cn[data-ready="overview"] table.leaderboard .up');
  });

  it("sorts the leaderboard by a column", async () => {
    await page.click("table.leaderboard th:nth-child(3)"); // 荐股, descending
    const first = await page.textContent("table.leaderboard tbody tr:first-child .broker-name");
    expect(first).toBe("开源证券"); // 35 picks, the most
  });

  it("filters the picks table and offers the CSV of what is shown", async () => {
    await page.goto(`${server.url}#/picks`);
    await page.waitForSelector('body[data-ready="picks"]');
    await page.selectOption("#f-broker", "soochow");
    await page.selectOption("#f-stance", "recommend");
    await page.click('#pick-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("broker=soochow"));
    await page.waitForSelector('body[data-ready="picks"] #pick-count');
    await page.waitForFunction(() => document.querySelector("#pick-count")?.textContent?.startsWith("共 13"));
    const brokers = await page.$$eval("table.picks tbody tr td:nth-child(2)", (els) => els.map((e) => e.textContent));
    expect(brokers.length).toBe(13);
    expect(new Set(brokers)).toEqual(new Set(["东吴证券"]));
    const href = await page.getAttribute("#csv-download", "href");
    expect(href).toBe("/api/export/picks.csv?broker=soochow&stance=recommend");
  });

  it("finds a security by its Chinese name, its former name too", async () => {
    await page.goto(`${server.url}#/picks`);
    await page.waitForSelector('body[data-ready="picks"]');
    await page.fill("#f-symbol", "昆仑万维");
    // The search suggests it as the analyst types.
    await page.waitForFunction(
      () => document.querySelector("#f-symbol-list option")?.getAttribute("value") === "300418.SZ",
    );
    await page.click('#pick-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("symbol=300418.SZ"));
    await page.waitForSelector('body[data-ready="picks"] #pick-count');
    const names = await page.$$eval("table.picks tbody tr", (rows) => rows.map((r) => r.textContent ?? ""));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((t) => t.includes("昆仑万维"))).toBe(true);
    // 美亚柏科 is 国投智能 (300188) today.
    await page.fill("#f-symbol", "美亚柏科");
    await page.click('#pick-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("symbol=300188.SZ"));
  });

  it("opens a pick with its chart, checkpoints, verdict and source sentence", async () => {
    await page.goto(`${server.url}#/picks?broker=soochow&stance=recommend`);
    await page.waitForSelector('body[data-ready="picks"] table.picks tbody tr');
    await page.click("table.picks tbody tr:first-child");
    await page.waitForFunction(() => /^picks\/\d+$/.test(document.body.dataset.ready ?? ""));
    await page.waitForSelector("#pick-chart canvas");
    const evidence = await page.textContent("#pick-evidence");
    expect(evidence?.length ?? 0).toBeGreaterThan(4);
    const badge = await page.textContent("h1 .badge");
    expect(["命中", "未达"]).toContain(badge);
    const size = await page.$eval("#pick-chart canvas", (c) => ({ w: c.clientWidth, h: c.clientHeight }));
    expect(size.w).toBeGreaterThan(400);
    expect(size.h).toBeGreaterThan(300);
    await page.screenshot({ path: join(OUT, "dashboard-pick.png"), fullPage: true });
  });

  it("shows a report with its picks highlighted in the text", async () => {
    await page.click('a[href^="#/reports/"]');
    await page.waitForFunction(() => /^reports\/\d+$/.test(document.body.dataset.ready ?? ""));
    const marks = await page.$$eval(".report-text .mark", (els) => els.length);
    expect(marks).toBeGreaterThan(10);
    expect(await page.$(".report-text .mark.selected")).not.toBeNull();
    await page.screenshot({ path: join(OUT, "dashboard-report.png") });
  });

  it("shows a pick's rating action and target price in the picks table and in its report", async () => {
    // Extraction does not fill them yet: a report that prints them is stored by hand.
    const reportId = storeHandReport(seed.db, {
      broker: { id: "soochow", name: "东吴证券" },
      date: "2024-03-01",
      title: "东吴证券 目标价测试",
      scale: seedScale("东吴证券"),
      picks: [
        {
          security: SECURITIES.同花顺,
          rating: "买入",
          ratingAction: "上调",
          targetPrice: { value: 45.6, currency: "CNY", evidence: "目标价 45.6 元" },
        },
        {
          security: SECURITIES.金山办公,
          rating: "增持",
          ratingAction: "维持",
          targetPrice: { value: 30, currency: "HKD", evidence: "目标价 HK$30" },
        },
        { security: SECURITIES.昆仑万维, rating: "买入" },
      ],
    });
    seed.scoring.afterReportsStored();
    const cells = (rows: string) =>
      page.$$eval(rows, (trs) =>
        trs.map((tr) => [
          tr.querySelector("td.rating-action")?.textContent,
          tr.querySelector("td.target-price")?.textContent,
        ]),
      );

    await page.goto(`${server.url}#/picks?from=2024-03-01&to=2024-03-01&sort=symbol`);
    await page.waitForFunction(() => document.querySelector("#pick-count")?.textContent?.startsWith("共 3"));
    const headers = await page.$$eval("table.picks thead th", (ths) => ths.map((th) => th.textContent));
    expect(headers).toContain("评级变动");
    expect(headers).toContain("目标价");
    // Sorted by symbol: 300033.SZ 同花顺, 300418.SZ 昆仑万维, 688111.SS 金山办公.
    expect(await cells("table.picks tbody tr")).toEqual([
      ["上调", "45.60 元"],
      ["—", "—"],
      ["维持", "HK$30.00"],
    ]);

    await page.goto(`${server.url}#/reports/${reportId}`);
    await page.waitForFunction((id) => document.body.dataset.ready === `reports/${id}`, reportId);
    expect(await cells("section.card table tbody tr")).toEqual([
      ["上调", "45.60 元"],
      ["维持", "HK$30.00"],
      ["—", "—"],
    ]);
    await page.screenshot({ path: join(OUT, "dashboard-report-action-target.png") });
  });

  it("says when a pick is judged by a scale borrowed from another report of its broker", async () => {
    // Printed no scale: borrows the one the report above (2024-03-01, same broker) printed.
    const reportId = storeHandReport(seed.db, {
      broker: { id: "soochow", name: "东吴证券" },
      date: "2024-03-06",
      title: "东吴证券 无评级说明",
      scale: null,
      picks: [{ security: SECURITIES.同花顺, rating: "买入" }],
    });
    seed.scoring.afterReportsStored();
    const pickId = seed.db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(reportId) as number;

    await page.goto(`${server.url}#/picks/${pickId}`);
    await page.waitForFunction((id) => document.body.dataset.ready === `picks/${id}`, pickId);
    expect(await page.textContent("#scale-source a")).toBe("评级标准：借用 2024-03-01 研报");
    expect(await page.textContent("h1 .badge")).toMatch(/^(命中|未达)$/);

    await page.goto(`${server.url}#/reports/${reportId}`);
    await page.waitForFunction((id) => document.body.dataset.ready === `reports/${id}`, reportId);
    expect(await page.textContent("#scale-source a")).toBe("评级标准：借用 2024-03-01 研报");

    await page.goto(`${server.url}#/picks?from=2024-03-06&to=2024-03-06`);
    await page.waitForFunction(() => document.querySelector("#pick-count")?.textContent?.startsWith("共 1"));
    expect(await page.getAttribute("table.picks tbody tr .borrowed-scale", "title")).toBe(
      "评级标准：借用 2024-03-01 研报",
    );
    await page.screenshot({ path: join(OUT, "dashboard-borrowed-scale.png") });
  });

  it("loaded nothing from outside the app and logged no errors", () => {
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
