import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { SEED_NOW, type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";
import { ensureChromium, launchChromium } from "./chromium.js";

const unavailable = await ensureChromium();
if (unavailable) console.warn(`skipping the browser test: ${unavailable}`);

type EventStudy = { picks: number; points: { day: number; mean: number; reports: number }[] };
type EchartsWindow = {
  echarts: { getInstanceByDom(el: unknown): { getOption(): { series: { name: string }[] } } | undefined };
  document: { getElementById(id: string): unknown };
};

type RatingHistory = { items: { pickId: number; reportDate: string | null; broker: { name: string } }[] };

describe.skipIf(unavailable !== null)("a broker's calls and event study, a security's rating history", () => {
  let seed: SeedDb;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const problems: string[] = [];

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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash: string, ready: string): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForFunction((r) => document.body.dataset.ready === r, ready);
  }

  /** The API as the page reads it. */
  async function api<T>(path: string): Promise<T> {
    return (await page.evaluate((p) => fetch(p).then((r) => r.json()), path)) as T;
  }

  it("lists 开源证券's 17 calls with the hit rate per call beside the rate per report pick", async () => {
    await open("#/brokers/kaiyuan", "brokers/kaiyuan");
    const heading = await page.$$eval("section.card h2", (els) => els.map((e) => e.textContent));
    expect(heading).toContain("观点（按观点计）");
    const rows = await page.$$eval("table.calls tbody tr[data-call]", (trs) => trs.length);
    expect(rows).toBe(17);
    expect(await page.textContent("#calls-pager")).toBe("共 17 个观点，显示第 1–17 个");
    // Every seed call of 开源证券 expired a year after the 2024-02-18 report, the first it made.
    const ends = await page.$$eval("table.calls tbody td.call-end", (tds) => tds.map((td) => td.textContent));
    expect(new Set(ends)).toEqual(new Set(["2025-02-18 到期"]));
    expect(await page.$$eval("table.calls .first-coverage", (els) => els.length)).toBe(17);
    // A security in the calls table opens its own page.
    expect(await page.getAttribute('table.calls tr[data-call="28"] a.security-link', "href")).toBe(
      "#/securities/0354.HK",
    );

    // 15 of 17 judged calls hit, all opened by one report; the same 15 of 17 counted per report pick.
    const perCall = await page.textContent('#call-rates .tile[data-view="calls"]');
    expect(perCall).toContain("命中率（按观点）");
    expect(perCall).toContain("88.2%");
    expect(perCall).toContain("17 个观点 / 1 份研报");
    expect(perCall).toContain("[16%–100%] N=17"); // clustered: one report, effective N of 1
    const perPick = await page.textContent('#call-rates .tile[data-view="picks"]');
    expect(perPick).toContain("命中率（按研报荐股）");
    expect(perPick).toContain("88.2%");
    expect(perPick).toContain("[66%–97%] N=17");
  });

  it("pages through the calls when there are more than the API's page holds", async () => {
    // The API's page is 100 calls; the seed broker has 17, so its first page is asked for 10.
    await page.route(/\/api\/brokers\/kaiyuan\/calls$/, (route) =>
      route.continue({ url: `${route.request().url()}?limit=10` }),
    );
    try {
      await open("#/", "overview"); // the broker page is asked for again, not kept from the test before
      await open("#/brokers/kaiyuan", "brokers/kaiyuan");
      expect(await page.textContent("#calls-pager")).toBe("共 17 个观点，显示第 1–10 个 下一页");
      const first = await page.$$eval("table.calls tbody tr[data-call]", (trs) =>
        trs.map((tr) => tr.getAttribute("data-call")),
      );
      expect(first.length).toBe(10);
      await page.click('#calls-pager button:text("下一页")');
      await page.waitForFunction(() => document.querySelector("#calls-pager")?.textContent?.includes("第 11–17 个"));
      const second = await page.$$eval("table.calls tbody tr[data-call]", (trs) =>
        trs.map((tr) => tr.getAttribute("data-call")),
      );
      const api = await page.evaluate(() =>
        fetch("/api/brokers/kaiyuan/calls?limit=10&offset=10").then((r) => r.json()),
      );
      expect(second).toEqual(api.items.map((c: { key: number }) => String(c.key)));
      expect(second.length).toBe(7);
      expect(second.some((k) => first.includes(k))).toBe(false);
      await page.click('#calls-pager button:text("上一页")');
      await page.waitForFunction(() => document.querySelector("#calls-pager")?.textContent?.includes("第 1–10 个"));
    } finally {
      await page.unrouteAll();
    }
  });

  it("draws the event study with a point for each day, starting at the API's day 0 mean", async () => {
    await open("#/brokers/kaiyuan", "brokers/kaiyuan");
    await page.waitForSelector("#event-study-chart canvas");
    const study = await api<EventStudy>("/api/brokers/kaiyuan/event-study");
    expect(study.points.length).toBe(251);
    const option = (await page.evaluate(`(() => {
      const o = window.echarts.getInstanceByDom(document.getElementById("event-study-chart")).getOption();
      return { names: o.series.map((s) => s.name), data: o.series.map((s) => s.data), x: o.xAxis[0].data, xName: o.xAxis[0].name };
    })()`)) as { names: string[]; data: (number | null)[][]; x: number[]; xName: string };
    expect(option.names[0]).toBe("平均累计超额");
    expect(option.xName).toBe("交易日");
    expect(option.data[0]?.length).toBe(251);
    expect(option.x.slice(0, 3)).toEqual([0, 1, 2]);
    expect(option.data[0]?.[0]).toBeCloseTo((study.points[0]?.mean ?? Number.NaN) * 100, 2);
    // One report only: no band is drawn.
    expect(option.data[2]?.every((v) => v === null)).toBe(true);
    expect(await page.textContent("#event-study-note")).toContain("35 只荐股 / 1 份研报");
  });

  it("switches the event study to one line per printed label, named in Chinese", async () => {
    await open("#/brokers/kaiyuan", "brokers/kaiyuan");
    await page.waitForSelector("#event-study-chart canvas");
    const byLabel = await api<{ groups: { key: string; picks: number; points: { mean: number }[] }[] }>(
      "/api/brokers/kaiyuan/event-study?by=label",
    );
    expect(byLabel.groups.length).toBeGreaterThan(1);
    expect(await page.textContent('#event-study-by button[aria-selected="true"]')).toBe("全部");
    await page.click('#event-study-by button:text("按评级")');
    await page.waitForFunction((n) => {
      const w = window as unknown as EchartsWindow;
      return (
        w.echarts.getInstanceByDom(w.document.getElementById("event-study-chart"))?.getOption().series.length === n
      );
    }, byLabel.groups.length);
    const option = (await page.evaluate(`(() => {
      const o = window.echarts.getInstanceByDom(document.getElementById("event-study-chart")).getOption();
      return { names: o.series.map((s) => s.name), legend: o.legend[0].data, first: o.series.map((s) => s.data[0]) };
    })()`)) as { names: string[]; legend: string[]; first: (number | null)[] };
    const chinese = (k: string) => ({ "(recommend)": "（推荐）", watch: "关注", beneficiary: "受益" })[k] ?? k;
    expect(option.names).toEqual(byLabel.groups.map((g) => chinese(g.key)));
    expect(option.legend).toEqual(option.names);
    for (const name of option.names) expect(name).not.toMatch(/[A-Za-z]/);
    byLabel.groups.forEach((g, i) => {
      expect(option.first[i]).toBeCloseTo((g.points[0]?.mean ?? Number.NaN) * 100, 2);
    });
    const note = await page.textContent("#event-study-note");
    expect(note).toContain(`${option.names[0]} ${byLabel.groups[0]?.picks} 只荐股`);
    await page.click('#event-study-by button:text("全部")');
    await page.waitForFunction(() => {
      const w = window as unknown as EchartsWindow;
      return (
        w.echarts.getInstanceByDom(w.document.getElementById("event-study-chart"))?.getOption().series[0]?.name ===
        "平均累计超额"
      );
    });
    expect(await page.textContent("#event-study-note")).toContain("35 只荐股 / 1 份研报");
  });

  it("shows 昆仑万维's rating history under its price chart, a mark for each report", async () => {
    const history = await api<RatingHistory>("/api/securities/300418.SZ/ratings");
    // 国联证券 and 民生证券 watch it; 东吴证券 rates it 买入.
    expect(history.items.map((i) => i.broker.name)).toEqual(["国联证券", "民生证券", "东吴证券"]);
    await open("#/securities/300418.SZ", "securities/300418.SZ");
    await page.waitForSelector("#security-chart canvas");
    expect(await page.textContent("h1")).toBe("昆仑万维300418");
    const rows = await page.$$eval("table.rating-history tbody tr", (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)),
    );
    expect(rows.map((r) => r.slice(0, 6))).toEqual([
      ["2024-02-16", "国联证券", "关注", "—", "—", "无立场"],
      ["2024-02-18", "民生证券", "关注", "—", "—", "无立场"],
      ["2024-02-21", "东吴证券", "买入", "—", "—", "首次覆盖"],
    ]);
    expect(await page.textContent("table.rating-changes tbody")).toBe("没有评级上调或下调。");
    const marks = (await page.evaluate(`(() => {
      const o = window.echarts.getInstanceByDom(document.getElementById("security-chart")).getOption();
      return o.series[0].markPoint.data.map((m) => [m.coord[0], m.tooltipText.split("\\n").join(" | ")]);
    })()`)) as [string, string][];
    // The market was shut for the Spring Festival until 2024-02-19 (a Monday): the reports of
    // 02-16 and of Sunday 02-18 are marked on it.
    expect(marks).toEqual([
      ["2024-02-19", "2024-02-16 国联证券 | 立场 关注 | 目标价 — | 无立场"],
      ["2024-02-19", "2024-02-18 民生证券 | 立场 关注 | 目标价 — | 无立场"],
      ["2024-02-21", "2024-02-21 东吴证券 | 评级 买入 | 目标价 — | 首次覆盖"],
    ]);
  });

  it("reaches the security page from a pick", async () => {
    await open("#/picks/47", "picks/47");
    expect(await page.getAttribute("#security-link", "href")).toBe("#/securities/300418.SZ");
  });

  it("logged no errors", () => {
    expect(problems).toEqual([]);
  });
});
