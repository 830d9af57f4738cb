import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { ingestPaths } from "../../src/ingest/folder.js";
import type { IngestOutcome } from "../../src/ingest/ingest.js";
import { PdfReaderPool, type PdfReadLimits } from "../../src/ingest/pdf/pool.js";
import { silentLogger } from "../../src/logger.js";
import { projectRoot } from "../../src/paths.js";
import { loadSecurityMaster } from "../../src/securities/master.js";
import { reportIngestion } from "../../src/services/reportIngestion.js";
import { startReportWatch } from "../../src/services/reportWatch.js";
import { openDatabase } from "../../src/store/database.js";
import { seedDb } from "../helpers/seedDb.js";
import { tempDir } from "../helpers/tempDir.js";
import { TOKEN } from "../http/fixture.js";
import { deflateBomb, manyPages } from "./helpers/hostilePdf.js";

/**
 * Hostile PDFs, made here: a 1 MB PDF whose content stream inflates to 1 GB, and 20,000 empty
 * pages. Each is refused with its reason (too-large, too-many-pages, timeout) by the worker that
 * reads PDFs, the process's memory stays bounded, the event loop keeps answering while a PDF is
 * read, and the next PDF reads normally on a fresh worker.
 */

const REPORT_PDF = join(projectRoot, "test/fixtures/pdf/soochow-media-2024-02-21.libreoffice.pdf");
const DEFAULTS: PdfReadLimits = { maxPages: 500, timeoutMs: 20_000, maxMemoryMb: 256, maxTextChars: 4_000_000 };

let bomb: Buffer;
let pages: Buffer;
const pools: PdfReaderPool[] = [];

function pool(limits: Partial<PdfReadLimits> = {}): PdfReaderPool {
  const p = new PdfReaderPool({ ...DEFAULTS, ...limits });
  pools.push(p);
  return p;
}

beforeAll(async () => {
  bomb = await deflateBomb(1024);
  pages = manyPages(20_000);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** The rejection's code and message. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | null;
  return { code: err?.code ?? "(read)", message: err?.message ?? "" };
}

describe("the PDF reader", () => {
  it("the bombs are what the issue describes: 1 MB inflating to 1 GB, 2.4 MB of 20,000 pages", () => {
    expect(bomb.length).toBeGreaterThan(1_000_000);
    expect(bomb.length).toBeLessThan(1_200_000);
    expect(pages.length).toBe(2_398_136);
  });

  it("refuses a content stream that inflates to 1 GB as too-large, with the process's memory bounded, then reads the next PDF", async () => {
    const reader = pool();
    const before = process.memoryUsage.rss();
    let peak = before;
    const watch = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      const r = await refusal(reader.read(bomb));
      expect(r.code).toBe("too-large");
      expect(r.message).toContain("256 MB");
    } finally {
      clearInterval(watch);
    }
    // Unbounded, reading it took the process past 3.5 GB.
    expect((peak - before) / 2 ** 20).toBeLessThan(600);
    const next = await reader.read(readFileSync(REPORT_PDF));
    expect(next.pages).toBe(3);
    expect(next.text).toContain("传媒行业点评报告");
  });

  it("refuses 20,000 pages as too-many-pages before reading any", async () => {
    const t = performance.now();
    const r = await refusal(pool().read(pages));
    expect(r).toEqual({
      code: "too-many-pages",
      message: "the PDF has 20000 pages; PDF reports are limited to 500 pages",
    });
    expect(performance.now() - t).toBeLessThan(15_000);
  });

  it("stops a reading past its time (timeout) and reads the next PDF on a new worker", async () => {
    const reader = pool({ maxPages: 50_000, timeoutMs: 3000 });
    const r = await refusal(reader.read(pages));
    expect(r).toEqual({
      code: "timeout",
      message: "reading the PDF took longer than 3 s; PDF reports are limited to 3 s",
    });
    const next = await reader.read(readFileSync(REPORT_PDF));
    expect(next.text).toContain("传媒行业点评报告");
  });

  it("refuses more text than the limit as too-large", async () => {
    const r = await refusal(pool({ maxTextChars: 1000 }).read(readFileSync(REPORT_PDF)));
    expect(r.code).toBe("too-large");
    expect(r.message).toContain("more than 1000 characters of text");
  });

  it("reads one PDF at a time: queued readings wait for the one before them", async () => {
    const reader = pool();
    const report = readFileSync(REPORT_PDF);
    const [a, b, c] = await Promise.allSettled([reader.read(bomb), reader.read(report), reader.read(pages)]);
    expect(a.status === "rejected" && (a.reason as { code: string }).code).toBe("too-large");
    expect(b.status === "fulfilled" && b.value.pages).toBe(3);
    expect(c.status === "rejected" && (c.reason as { code: string }).code).toBe("too-many-pages");
  });

  it("fails readings in progress and waiting once closed", async () => {
    const reader = pool({ maxPages: 50_000 });
    const reading = refusal(reader.read(pages));
    const waiting = refusal(reader.read(readFileSync(REPORT_PDF)));
    await new Promise((r) => setTimeout(r, 300));
    await reader.close();
    expect((await reading).message).toContain("stopped");
    expect((await waiting).message).toContain("stopped");
    expect((await refusal(reader.read(bomb))).message).toContain("stopped");
  });
});

/** A server whose uploads are read by `pdf`. */
async function uploadServer(
  pdf: PdfReaderPool,
): Promise<{ upload: (bytes: Buffer) => Promise<Response>; base: string; close: () => Promise<void> }> {
  const seed = await seedDb();
  const app = createApp({
    db: seed.db,
    token: TOKEN,
    now: seed.now,
    logger: silentLogger,
    services: {
      ...reportIngestion({
        db: seed.db,
        resolver: seed.master,
        now: seed.now,
        pdf,
        afterStored: () => seed.scoring.afterReportsStored(),
      }),
      runPriceJob: async () => null,
    },
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    upload: (bytes) =>
      fetch(`${base}/api/reports`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/pdf" },
        body: new Uint8Array(bytes),
      }),
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe("uploads of hostile PDFs", () => {
  // The bomb is read under the default limits: on a loaded machine inflating it can take longer
  // than the short time limit the 20,000-page case uses, and it must meet the memory limit first.
  let bombs: Awaited<ReturnType<typeof uploadServer>>;
  // Pages and memory enough that the 20,000-page PDF is read until its (short) time is up: the
  // memory limit counts the whole process, which the bomb read just before may have left grown.
  let slow: Awaited<ReturnType<typeof uploadServer>>;
  beforeAll(async () => {
    bombs = await uploadServer(pool());
    slow = await uploadServer(pool({ maxPages: 50_000, timeoutMs: 4000, maxMemoryMb: 4096 }));
  });
  afterAll(async () => {
    await bombs.close();
    await slow.close();
  });

  it("answers a bomb with 413 too_large", async () => {
    const res = await bombs.upload(bomb);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("too_large");
    expect(body.error.message).toContain("256 MB of memory");
  });

  it("answers /api/health within 1 s all the while a 20,000-page PDF is read, which then times out", async () => {
    let done = false;
    const latencies: number[] = [];
    const reading = slow.upload(pages).then(async (res) => {
      done = true;
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${slow.base}/api/health`);
      await res.text();
      expect(res.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const answer = await reading;
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("timeout");
    // About one look every 100 ms over the 4 s the PDF was read.
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });
});

describe("hostile PDFs in folders", () => {
  const NOW = () => new Date("2026-11-22T08:00:00Z");
  function folder(): string {
    const dir = tempDir("bp-hostile-pdf-");
    writeFileSync(join(dir, "bomb.pdf"), bomb);
    writeFileSync(join(dir, "pages.pdf"), pages);
    copyFileSync(REPORT_PDF, join(dir, "report.pdf"));
    return dir;
  }

  it("npm run ingest's folder run refuses each with its reason and stores the report beside them", async () => {
    const deps = { db: openDatabase(":memory:"), resolver: loadSecurityMaster(), now: NOW, pdf: pool() };
    const run = await ingestPaths(deps, [folder()]);
    expect(run.failuresByReason).toEqual([
      ["too-large", 1],
      ["too-many-pages", 1],
    ]);
    expect(run.stored).toBe(1);
    expect(run.results.find((r) => r.shown === "report.pdf")?.outcome.status).toBe("stored");
  });

  it("the watched folder does the same", async () => {
    const seen: IngestOutcome[] = [];
    // The watch logs each refused file with its reason.
    const failures: string[] = [];
    const logger = pino(
      { level: "warn" },
      {
        write: (line: string) => {
          const code = (JSON.parse(line) as { code?: string }).code;
          if (code) failures.push(code);
        },
      },
    );
    const watch = startReportWatch({
      dir: folder(),
      db: openDatabase(":memory:"),
      resolver: loadSecurityMaster(),
      now: NOW,
      pdf: pool(),
      logger,
      intervalMs: 200,
      afterStored: (stored) => seen.push(...stored),
    });
    try {
      for (let waited = 0; seen.length === 0 || failures.length < 2; waited += 100) {
        if (waited > 40_000) throw new Error(`the watch read ${seen.length} report(s), refused ${failures.join(", ")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(failures.sort()).toEqual(["too-large", "too-many-pages"]);
      expect(seen.map((o) => o.file)).toEqual(["report.pdf"]);
    } finally {
      await watch.stop();
    }
  });
});
