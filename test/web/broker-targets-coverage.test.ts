import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { SEED_NOW, type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";
import { storeTargetReports, type TargetReports } from "../helpers/targetReports.js";
import { ensureChromium, launchChromium } from "./chromium.js";

const unavailable = await ensureChromium();
if (unavailable) console.warn(`skipping the browser test: ${unavailable}`);

/** English a reader could see: two Latin words in a row. */
const LATIN_SENTENCE = /[A-Za-z]{4,}\s[A-Za-z]{3,}/;

/**
 * The broker page of test/helpers/targetReports.ts's broker (手工目标价证券): its target prices,
 * its figures by first coverage and reiteration, and a security of its calls on the price chart
 * with a mark at each of its reports. Figures are the hand-checked ones of that helper and of
 * test/http/targets.test.ts.
 */
describe.skipIf(unavailable !== null)("a broker's target prices, first coverage and rating history", () => {
  let seed: SeedDb;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let ids: TargetReports;
  const problems: string[] = [];

  beforeAll(async () => {
    seed = await seedDb();
    ids = storeTargetReports(seed.db);
    seed.scoring.scoreAll();
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash: string, ready: string): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForFunction((r) => document.body.dataset.ready === r, ready);
  }

  const rowsOf = (selector: string) =>
    page.$$eval(`${selector} tbody tr`, (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? "")),
    );

  /** The markPoints of the broker page's price chart: [date, tooltip lines joined by " | "]. */
  const marks = async () =>
    (await page.evaluate(`(() => {
      const o = window.echarts.getInstanceByDom(document.getElementById("broker-rating-chart")).getOption();
      return o.series[0].markPoint.data.map((m) => [m.coord[0], m.tooltipText.split("\\n").join(" | ")]);
    })()`)) as [string, string][];

  it("shows the target scorecard and every target with its figures", async () => {
    await open("#/brokers/hand-targets", "brokers/hand-targets");
    const tile = (key: string) => page.textContent(`#target-card .tile[data-target="${key}"]`);
    // Two judged targets: 昆仑万维 missed at the horizon but was reached within it, 平安银行 both;
    // Wilson 95% for 1 of 2 is [9.5%, 90.5%], for 2 of 2 [34.2%, 100%].
    expect(await tile("at-horizon")).toBe("到期达到目标价50.0% [9%–91%] N=21 / 2 个已到期目标价；95% Wilson 区间");
    expect(await tile("within-horizon")).toBe(
      "期内曾达到目标价100.0% [34%–100%] N=22 / 2 个已到期目标价；95% Wilson 区间",
    );
    // Median of the errors 0.2705 and 0.016046: 0.1433; of the trading days 6 and 74: 40.
    expect(await tile("median-error")).toBe("到期误差（中位数）14.3%N=2；|到期收盘价 − 目标价| / 目标价");
    expect(await tile("median-days")).toBe("达到目标价所需交易日（中位数）40 个交易日N=2；期内达到的已到期目标价");
    expect(await tile("counts")).toBe("目标价3 个已到期 2 · 未到期 0 · 无法评分 1");

    expect(await page.$$eval("table.targets tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-pick")))).toEqual(
      [ids.pickIds[1], ids.pickIds[0], ids.dividendPickId].map(String),
    );
    expect(await rowsOf("table.targets")).toEqual([
      [
        "同花顺300033",
        "2024-02-18",
        "买入（首次）",
        "HK$300.00",
        "—",
        "—",
        "—",
        "—",
        "—",
        "目标价以港元计，而 300033.SZ 以人民币交易，无法比较",
      ],
      // Implied upside 40 / 36.44 − 1 = +9.8%; error |29.18 − 40| / 40 = 27.05%.
      ["昆仑万维300418", "2024-02-18", "买入（首次）", "40.00 元", "+9.8%", "否", "是（2024-02-27）", "6", "27.1%", ""],
      // The target on the adjusted basis, 15.926, over the adjusted entry 13.2816: +19.9%; error 1.60%.
      [
        "平安银行000001",
        "2019-06-20",
        "买入（首次）",
        "16.50 元",
        "+19.9%",
        "是",
        "是（2019-10-11）",
        "74",
        "1.6%",
        "",
      ],
    ]);
    expect(await page.getAttribute("#targets-csv", "href")).toBe("/api/export/targets.csv?broker=hand-targets");
    expect(await page.getAttribute("#calls-csv", "href")).toBe("/api/export/calls.csv?broker=hand-targets");
  });

  it("splits the hit rates by first coverage against reiterations and later calls, saying which view", async () => {
    await open("#/brokers/hand-targets", "brokers/hand-targets");
    const rows = await page.$$eval("table.coverage tbody tr", (trs) =>
      trs.map((tr) => [
        `${tr.getAttribute("data-view")}/${tr.getAttribute("data-group")}`,
        ...Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? ""),
      ]),
    );
    // Calls: 平安银行 (hit), 昆仑万维 买入 (miss, downgraded) and 同花顺 (miss) opened as first
    // coverage by two reports; 昆仑万维 增持 (hit) opened after the downgrade. Report picks: the
    // same three first-coverage picks, the 维持 of 2024-04-22 (miss), the 下调 of 2024-06-17 (hit).
    // Clustered by report, 1 of 3 over 2 reports has a design effect of 8/3: [2.8%, 89.6%].
    const excess = (view: string, group: string) =>
      page.textContent(`table.coverage tr[data-view="${view}"][data-group="${group}"] td.coverage-excess`);
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ["calls/firstCoverage", "按观点", "首次覆盖", "33.3% [3%–90%] N=3", "1 / 3 个观点", "2 份"],
      [
        "calls/laterCalls",
        "按观点",
        "后续观点（评级变更或到期后重新开启）",
        "100.0% [21%–100%] N=1",
        "1 / 1 个观点",
        "1 份",
      ],
      ["picks/firstCoverage", "按研报荐股", "首次覆盖", "33.3% [3%–90%] N=3", "1 / 3 只荐股", "2 份"],
      ["picks/reiteration", "按研报荐股", "维持", "0.0% [0%–79%] N=1", "0 / 1 只荐股", "1 份"],
      [
        "picks/other",
        "按研报荐股",
        "其他（后续观点的开启研报，或未形成观点）",
        "100.0% [21%–100%] N=1",
        "1 / 1 只荐股",
        "1 份",
      ],
    ]);
    const api = (await page.evaluate(() => fetch("/api/brokers/hand-targets").then((r) => r.json()))) as {
      coverage: {
        perCall: Record<string, { meanExcessAtVerdict: { n: number; mean: number } }>;
        perPick: Record<string, { meanExcessAtVerdict: { n: number; mean: number } }>;
      };
    };
    const shown = (m: { n: number; mean: number }) =>
      `${m.mean > 0 ? "+" : "-"}${Math.abs(m.mean * 100).toFixed(1)}% N=${m.n}`;
    expect(await excess("calls", "firstCoverage")).toBe(shown(api.coverage.perCall.firstCoverage!.meanExcessAtVerdict));
    expect(await excess("calls", "laterCalls")).toBe(shown(api.coverage.perCall.laterCalls!.meanExcessAtVerdict));
    expect(await excess("picks", "reiteration")).toBe(shown(api.coverage.perPick.reiteration!.meanExcessAtVerdict));
    // The 增持 call ended at +16.1% (its 12-month band's hit), the 维持 pick at -5.4%.
    expect(await excess("calls", "laterCalls")).toBe("+16.1% N=1");
    expect(await excess("picks", "reiteration")).toBe("-5.4% N=1");
  });

  it("puts a security of the broker's calls on the price chart with a mark at each of its reports", async () => {
    await open("#/brokers/hand-targets", "brokers/hand-targets");
    await page.waitForSelector("#broker-rating-chart canvas");
    // The securities of its four calls, newest opened first, each once.
    const options = await page.$$eval("#broker-security option", (os) =>
      os.map((o) => [(o as HTMLOptionElement).value, o.textContent]),
    );
    expect(options).toEqual([
      ["300418.SZ", "昆仑万维 300418"],
      ["300033.SZ", "同花顺 300033"],
      ["000001.SZ", "平安银行 000001"],
    ]);
    // 昆仑万维: this broker's three reports only (the seed's 国联证券, 民生证券 and 东吴证券 reports
    // on it are on the security's own page). Sunday 2024-02-18 is marked on Monday 2024-02-19.
    expect(await marks()).toEqual([
      ["2024-02-19", "2024-02-18 手工目标价证券 | 评级 买入（首次） | 目标价 40.00 元 | 首次覆盖"],
      ["2024-04-22", "2024-04-22 手工目标价证券 | 评级 买入（维持） | 目标价 — | 维持"],
      ["2024-06-17", "2024-06-17 手工目标价证券 | 评级 增持（下调） | 目标价 — | 重新覆盖"],
    ]);
    expect(await page.textContent("#broker-rating-note")).toContain("昆仑万维：本券商 3 份研报提及");

    await page.selectOption("#broker-security", "000001.SZ");
    await page.waitForFunction(() =>
      document.querySelector("#broker-rating-note")?.textContent?.startsWith("平安银行"),
    );
    expect(await marks()).toEqual([
      ["2019-06-20", "2019-06-20 手工目标价证券 | 评级 买入（首次） | 目标价 16.50 元 | 首次覆盖"],
    ]);
    // Its bars: the fixture's 214 sessions from 2019-03-01.
    const x = (await page.evaluate(`(() => {
      const o = window.echarts.getInstanceByDom(document.getElementById("broker-rating-chart")).getOption();
      return [o.xAxis[0].data[0], o.xAxis[0].data.length, o.series[0].name];
    })()`)) as [string, number, string];
    expect(x).toEqual(["2019-03-01", 214, "平安银行"]);
  });

  it("says so when a broker printed no target, and lists the securities of all its calls", async () => {
    await open("#/brokers/kaiyuan", "brokers/kaiyuan");
    expect(await page.textContent("#targets-empty")).toBe("该券商的研报没有给出目标价。");
    expect(await page.$("table.targets")).toBeNull();
    // 开源证券's 17 calls are on 17 securities; the first opened by its newest report.
    expect(await page.$$eval("#broker-security option", (os) => os.length)).toBe(17);
    // All 17 judged calls are first coverage from one report: 15 hits.
    expect(
      await page.textContent('table.coverage tr[data-view="calls"][data-group="firstCoverage"] td.coverage-rate'),
    ).toBe("88.2% [16%–100%] N=17");
    expect(
      await page.textContent('table.coverage tr[data-view="calls"][data-group="laterCalls"] td.coverage-rate'),
    ).toBe("— (N=0)");
  });

  it("speaks Chinese on the broker page and logged no errors", async () => {
    await open("#/brokers/hand-targets", "brokers/hand-targets");
    // biome-ignore lint/performance/useDomNodeTextContent: the laid-out text is what a reader sees
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(LATIN_SENTENCE);
    expect(text).not.toMatch(/\b(up|down|first|reopen|reiteration|expired|downgrade)\b/);
    expect(problems).toEqual([]);
  });

  // Last: the failed request is logged by the browser as an error.
  it("says in Chinese beside the chart when a security's rating history cannot be loaded", async () => {
    await open("#/brokers/hand-targets", "brokers/hand-targets");
    await page.route(/\/api\/securities\/300033\.SZ\/ratings/, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "unavailable", message: "数据库繁忙" } }),
      }),
    );
    try {
      await page.selectOption("#broker-security", "300033.SZ");
      await page.waitForFunction(() =>
        document.querySelector("#broker-rating-note")?.textContent?.startsWith("加载失败"),
      );
      expect(await page.textContent("#broker-rating-note")).toBe("加载失败：数据库繁忙");
      expect(await page.isHidden("#broker-rating-chart")).toBe(true);
    } finally {
      await page.unrouteAll();
    }
  });
});
