import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Security } from "../../src/domain/types.js";
import { createApp } from "../../src/http/app.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import { SECURITIES, storeHandReport } from "../helpers/handReports.js";
import { SEED_NOW, type SeedDb, seedDb, seedServices } from "../helpers/seedDb.js";
import { seedScale } from "../scoring/helpers/seed.js";
import { ensureChromium, launchChromium } from "./chromium.js";

const unavailable = await ensureChromium();
if (unavailable) console.warn(`skipping the browser test: ${unavailable}`);

/** A security in the master list but not in the bundled price snapshot. */
const MOUTAI: Security = {
  code: "600519",
  exchange: "SSE",
  market: "A",
  symbol: "600519.SS",
  name: "贵州茅台",
  names: [],
  industry: null,
  listDate: null,
  delistDate: null,
};

const LONG_TITLE = `东吴证券${"计算机行业深度报告：人工智能应用加速落地，算力与数据要素共振".repeat(4)}`;

/** English a reader could see: two Latin words in a row (codes, symbols and single words are allowed). */
const LATIN_SENTENCE = /[A-Za-z]{4,}\s[A-Za-z]{3,}/;

/** Visible text of the page, leaving out the report's own words (原文, printed scales), which are quoted as printed. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const el of Array.from(clone.querySelectorAll(".report-text, pre.raw, .evidence, script"))) el.remove();
    document.body.append(clone);
    clone.style.position = "absolute";
    clone.style.left = "-99999px";
    // biome-ignore lint/performance/useDomNodeTextContent: the laid-out text is what a reader sees (hidden elements left out)
    const text = clone.innerText;
    clone.remove();
    return text;
  });
}

describe.skipIf(unavailable !== null)("the page's words, numbers and layout", () => {
  let seed: SeedDb;
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  let noPricesPick = 0;
  let markdownPick = 0;
  let untitledReport = 0;
  let longTitleReport = 0;

  beforeAll(async () => {
    seed = await seedDb();
    // A new report whose 贵州茅台 has no prices, with a title long enough to overflow a card.
    longTitleReport = storeHandReport(seed.db, {
      broker: { id: "soochow", name: "东吴证券" },
      date: "2025-11-20",
      title: LONG_TITLE,
      scale: seedScale("东吴证券"),
      picks: [{ security: MOUTAI, rating: "买入" }],
    });
    // A report stored without a title, whose evidence carries markdown.
    untitledReport = storeHandReport(seed.db, {
      broker: { id: "soochow", name: "东吴证券" },
      date: "2024-03-04",
      scale: seedScale("东吴证券"),
      picks: [{ security: SECURITIES.同花顺, rating: "买入" }],
    });
    // A report whose broker the extractor could not tell.
    storeHandReport(seed.db, {
      broker: { id: "unknown", name: "unknown" },
      date: "2024-03-05",
      title: "未署名的研报",
      scale: null,
      picks: [{ security: SECURITIES.昆仑万维, stance: "watch" }],
    });
    const pickOf = (report: number) =>
      seed.db.prepare("SELECT id FROM picks WHERE report_id = ?").pluck().get(report) as number;
    noPricesPick = pickOf(longTitleReport);
    markdownPick = pickOf(untitledReport);
    seed.db.prepare("UPDATE picks SET evidence = ? WHERE id = ?").run("**图像应用：**推荐同花顺。", markdownPick);
    seed.scoring.afterReportsStored();
    // Price runs the way a service that started offline records them.
    const run = seed.db.prepare(
      "INSERT INTO job_runs (job, trigger, started_at, ended_at, status, reason) VALUES ('prices', ?, ?, ?, ?, ?)",
    );
    run.run("catch-up", "2026-11-22T07:00:00.000Z", "2026-11-22T07:00:05.000Z", "failed", "offline");
    run.run("start", "2026-11-22T07:30:00.000Z", null, "running", null);

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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash: string, ready: string): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForFunction((r) => document.body.dataset.ready === r, ready);
  }

  /** The API as the page reads it (tests may not open connections of their own). */
  async function api<T>(path: string): Promise<T> {
    if (!page.url().startsWith(server.url)) await page.goto(server.url);
    return (await page.evaluate((p) => fetch(p).then((r) => r.json()), path)) as T;
  }

  it("says every unscorable reason, judging note, job state and broker in Chinese", async () => {
    const unscorable = await api<{ items: { id: number; reason: string | null; judgedAs: string | null }[] }>(
      "/api/picks?verdict=unscorable&limit=1000",
    );
    const all = await api<{ items: { id: number; reason: string | null; judgedAs: string | null }[] }>(
      "/api/picks?limit=1000",
    );
    // One pick for each distinct English reason and judging note the API gives.
    const seen = new Set<string>();
    const picks: number[] = [];
    for (const p of [...unscorable.items, ...all.items]) {
      const key = `${p.reason?.replace(/\d|\.[A-Z]+/g, "")}|${p.judgedAs?.replace(/[\d.%]/g, "")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      picks.push(p.id);
    }
    expect(picks.length).toBeGreaterThan(3);
    expect(unscorable.items.some((p) => p.reason?.includes("has no price symbol"))).toBe(true);
    for (const id of picks) {
      await open(`#/picks/${id}`, `picks/${id}`);
      const text = await visibleText(page);
      expect(text, `pick ${id}`).not.toMatch(LATIN_SENTENCE);
    }
    const mapped = unscorable.items.find((p) => p.reason?.includes("has no price symbol"));
    await open(`#/picks/${mapped?.id}`, `picks/${mapped?.id}`);
    expect(await visibleText(page)).toContain("BROKERPICKS_BENCHMARKS");

    await open("#/", "overview");
    const overview = await visibleText(page);
    expect(overview).not.toMatch(LATIN_SENTENCE);
    expect(overview).toContain("补跑");
    expect(overview).toContain("离线");
    expect(overview).toContain("运行中");
    expect(overview).not.toMatch(/catch-up|offline|running|unknown/);
    expect(overview).toContain("未识别券商");
    for (const [hash, ready] of [
      ["#/picks", "picks"],
      [`#/reports/${longTitleReport}`, `reports/${longTitleReport}`],
    ]) {
      await open(hash as string, ready as string);
      expect(await visibleText(page), hash).not.toMatch(LATIN_SENTENCE);
    }
    for (const id of ["soochow", "kaiyuan", "minsheng", "guolian", "spdbi"]) {
      await open(`#/brokers/${id}`, `brokers/${id}`);
      const text = await visibleText(page);
      expect(text, id).not.toMatch(LATIN_SENTENCE);
      // A call without a printed rating is named by its stance, not by the API's code.
      expect(text, id).not.toMatch(/\((recommend|watch|beneficiary)\)|expired|upgrade|downgrade/);
    }
    // Every security the seed reports name, and one a broker the extractor could not tell watches.
    const securities = await api<{ items: { symbol: string | null }[] }>("/api/picks?limit=1000");
    const symbols = [...new Set(securities.items.map((p) => p.symbol).filter((s): s is string => s !== null))];
    expect(symbols).toContain("300418.SZ");
    for (const symbol of symbols) {
      await open(`#/securities/${symbol}`, `securities/${symbol}`);
      const text = await visibleText(page);
      expect(text, symbol).not.toMatch(LATIN_SENTENCE);
      expect(text, symbol).not.toMatch(/\b(first|reopen|reiteration|none|recommend|watch|beneficiary)\b/);
    }
    await open("#/securities/300418.SZ", "securities/300418.SZ");
    expect(await visibleText(page)).toContain("未识别券商");
  });

  it("shows a known security without prices as 无行情数据, not as not yet reached or unresolved", async () => {
    await open(`#/picks/${noPricesPick}`, `picks/${noPricesPick}`);
    expect(await page.textContent("h1 .pick-state")).toBe("无行情数据");
    // 东吴证券's 买入 band, in percent as the report prints it.
    expect(await visibleText(page)).toMatch(/判定标准 买入[（ ](?:超额收益 )?≥ \+15%/);
    const dates = await page.$$eval("section.card table tbody tr td:nth-child(2)", (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d === "无行情数据")).toBe(true);
    const missing = await page.textContent("#chart-missing");
    expect(missing).toContain("无行情数据");
    expect(missing).not.toContain("未识别证券");

    await open(`#/reports/${longTitleReport}`, `reports/${longTitleReport}`);
    expect(await page.textContent("section.card table tbody tr .pick-state")).toBe("无行情数据");
    await open("#/picks?from=2025-11-20&to=2025-11-20", "picks");
    expect(await page.textContent("table.picks tbody tr .pick-state")).toBe("无行情数据");
  });

  it("prints numbers and words as a reader expects", async () => {
    // A zero is neither up nor down, and never signed.
    await open("#/", "overview");
    // A string, so that the test runner leaves the page's own module import alone.
    const formatted = await page.evaluate(`import("/assets/format.js").then((f) => [
      f.pct(0.0004), f.pct(-0.0004), f.signClass(0.0004), f.signClass(-0.0004), f.pct(0.0123), f.pct(-0.0123),
    ])`);
    expect(formatted).toEqual(["0.0%", "0.0%", "flat", "flat", "+1.2%", "-1.2%"]);
    for (const [hash, ready] of [
      ["#/", "overview"],
      ["#/picks?sort=excess1m", "picks"],
      ["#/brokers/soochow", "brokers/soochow"],
    ]) {
      await open(hash as string, ready as string);
      const coloured = await page.$$eval(".up, .down", (els) => els.map((e) => e.textContent?.trim() ?? ""));
      expect(coloured.filter((t) => /^[+-]?0\.0%$/.test(t))).toEqual([]);
      expect(await visibleText(page)).not.toMatch(/[+-]0\.0%/);
    }

    // A one-length horizon is "6 个月"; a benchmark name keeps no stray bracket.
    for (const id of ["soochow", "kaiyuan", "minsheng", "guolian", "spdbi"]) {
      await open(`#/brokers/${id}`, `brokers/${id}`);
      const heads = await page.$$eval(".scale h3", (els) => els.map((e) => e.textContent ?? ""));
      for (const head of heads) {
        expect(head).not.toMatch(/期限 (\d+)~\1 个月/);
        expect(head.split("(").length, head).toBe(head.split(")").length);
        expect(head.split("（").length, head).toBe(head.split("）").length);
      }
    }

    // Markdown in evidence is read, not printed.
    await open(`#/picks/${markdownPick}`, `picks/${markdownPick}`);
    expect(await page.textContent("#pick-evidence")).toBe("图像应用：推荐同花顺。");

    // A report without a title is named by its broker and date, never by its file name.
    await open(`#/reports/${untitledReport}`, `reports/${untitledReport}`);
    const title = await page.textContent("h1");
    expect(title).toBe("东吴证券 2024-03-04 研报");
  });

  it("names one as-of date per market, the same in the header and on the benchmark cards", async () => {
    await open("#/", "overview");
    const dash = await api<{ asOf: { A: string; HK: string } }>("/api/dashboard");
    expect(await page.textContent("#as-of")).toBe(`数据截至 A股 ${dash.asOf.A} · 港股 ${dash.asOf.HK}`);
    const tiles = await page.$$eval(".tiles .tile", (els) =>
      els.map((e) => ({ label: e.querySelector(".tile-label")?.textContent ?? "", text: e.textContent ?? "" })),
    );
    const csi = tiles.find((t) => t.label.includes("000300.SS"));
    const hsi = tiles.find((t) => t.label.includes("^HSI"));
    expect(csi?.text).toContain(`截至 ${dash.asOf.A}`);
    expect(hsi?.text).toContain(`截至 ${dash.asOf.HK}`);
  });

  it("shows the median beside the mean and switches the leaderboard to rated calls only", async () => {
    await open("#/", "overview");
    // Rated calls first: 东吴证券 printed 买入 on 11 seed picks and 增持 on one, and 买入 on the two
    // reports stored above (14); 开源证券 printed none.
    expect(await page.getAttribute('#leaderboard-scope [data-scope="rated"]', "aria-selected")).toBe("true");
    const picksOf = (id: string) => page.textContent(`table.leaderboard tr[data-broker="${id}"] td:nth-child(3)`);
    expect(await picksOf("soochow")).toBe("14");
    expect(await picksOf("kaiyuan")).toBe("0");
    const medians = await page.$$eval('table.leaderboard tr[data-broker="soochow"] .median', (els) =>
      els.map((e) => e.textContent),
    );
    expect(medians.length).toBe(5);
    expect(medians.every((m) => m?.startsWith("中位 "))).toBe(true);

    await page.click('#leaderboard-scope [data-scope="all"]');
    expect(await picksOf("kaiyuan")).toBe("35");
    // 国联证券: mean 至今 +98.2% against a median of -5.4%.
    const guolian = await page.textContent('table.leaderboard tr[data-broker="guolian"] td:nth-child(9)');
    expect(guolian).toContain("+98.2%");
    expect(guolian).toContain("中位 -5.4%");
    await page.click('#leaderboard-scope [data-scope="rated"]');
  });

  it("filters picks by sector from the overview and on the picks list", async () => {
    const reports = await api<{ items: { sector: string | null; picks: number }[] }>("/api/reports?limit=500");
    const sector = reports.items.find((r) => r.sector !== null && r.picks > 0)?.sector as string;
    const expected = reports.items.filter((r) => r.sector === sector).reduce((n, r) => n + r.picks, 0);
    await open("#/", "overview");
    await page.fill('#overview-filters input[name="sector"]', sector);
    await page.click('#overview-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("sector="));
    await page.waitForFunction(
      (n) => document.querySelector("#pick-count")?.textContent?.startsWith(`共 ${n} `),
      expected,
    );
    expect(await page.inputValue("#f-sector")).toBe(sector);
  });

  const VIEWS = (): [string, string][] => [
    ["#/", "overview"],
    ["#/picks", "picks"],
    [`#/picks/${markdownPick}`, `picks/${markdownPick}`],
    [`#/reports/${longTitleReport}`, `reports/${longTitleReport}`],
    ["#/brokers/soochow", "brokers/soochow"],
    ["#/brokers/kaiyuan", "brokers/kaiyuan"],
    ["#/securities/300418.SZ", "securities/300418.SZ"],
  ];

  for (const width of [1280, 1400, 1920, 390]) {
    it(`keeps every view within the viewport and each card's content within its card at ${width} px`, async () => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const [hash, ready] of VIEWS()) {
        await open(hash, ready);
        const problems = await page.evaluate(() => {
          const out: string[] = [];
          const vw = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > vw + 1)
            out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
          for (const card of Array.from(document.querySelectorAll(".card, .tile")) as HTMLElement[]) {
            const box = card.getBoundingClientRect();
            if (box.right > vw + 1) out.push(`card "${card.textContent?.slice(0, 20)}" ends at ${box.right} > ${vw}`);
            for (const el of Array.from(card.querySelectorAll("*")) as HTMLElement[]) {
              // Inside a scrolling table the table may be wider; the scroller itself may not.
              if (el.closest(".table-wrap") && !el.classList.contains("table-wrap")) continue;
              if (el.closest(".report-text") && !el.classList.contains("report-text")) continue;
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > box.right + 1)
                out.push(`${el.tagName}.${el.className} "${el.textContent?.slice(0, 20)}" overflows its card`);
            }
          }
          return out;
        });
        expect(problems, `${hash} at ${width}px`).toEqual([]);
      }
      // On a desktop screen the broker's tables by stance and by rating, and the latest reports, show whole.
      if (width >= 1280) {
        for (const [hash, ready, titles] of [
          ["#/brokers/soochow", "brokers/soochow", ["按立场", "按印刷评级"]],
          ["#/", "overview", ["最新研报", "券商排行", "价格任务"]],
        ] as const) {
          await open(hash, ready);
          const cut = await page.evaluate(
            (names) => {
              const out: string[] = [];
              for (const card of Array.from(document.querySelectorAll("section.card")) as HTMLElement[]) {
                const title = card.querySelector("h2")?.textContent ?? "";
                if (!names.includes(title)) continue;
                for (const wrap of Array.from(card.querySelectorAll(".table-wrap")) as HTMLElement[])
                  if (wrap.scrollWidth > wrap.clientWidth + 1)
                    out.push(`${title}: ${wrap.scrollWidth} > ${wrap.clientWidth}`);
              }
              return out;
            },
            titles as readonly string[],
          );
          expect(cut, `${hash} at ${width}px`).toEqual([]);
        }
      }
    });
  }
});
