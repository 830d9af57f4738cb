import cron from "node-cron";
import { afterEach, describe, expect, it } from "vitest";
import {
  lastScheduledTime,
  type PriceJob,
  ScheduleConfigError,
  startPriceJob,
  validateSchedule,
} from "../../jobs/prices.js";
import type { Bar, DailyBarsRequest, PriceSource } from "../../src/domain/types.js";
import { PRICE_JOB, runPriceSync } from "../../src/prices/job.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { JobRunsRepo } from "../../src/store/jobRuns.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";
import { seedBarsOf } from "../helpers/seedBars.js";

/** Monday 2025-11-24 17:00 in Shanghai: half an hour after the scheduled 16:30. */
const MONDAY_1700 = new Date("2025-11-24T09:00:00Z");

/** Serves the seed; with a gate, every request waits until the gate opens (or the request is aborted). */
class SeedSource implements PriceSource {
  readonly name = "test";
  requests: DailyBarsRequest[] = [];
  private open: () => void = () => {};
  private gate: Promise<void> | null = null;
  hold(): this {
    this.gate = new Promise((r) => {
      this.open = r;
    });
    return this;
  }
  release(): void {
    this.open();
  }
  async dailyBars(req: DailyBarsRequest): Promise<Bar[]> {
    if (req.signal?.aborted) throw new DOMException("aborted", "AbortError");
    this.requests.push(req);
    if (this.gate) {
      const aborted = new Promise<never>((_, reject) =>
        req.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true }),
      );
      await Promise.race([this.gate, aborted]);
    }
    return seedBarsOf(req.symbol, req.from, req.to);
  }
}

function store(): Db {
  const db = openDatabase(":memory:");
  addReport(db, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
  return db;
}

/** A finished run of the price job at a given time. */
function pastRun(db: Db, at: string, status: "ok" | "partial" | "failed"): number {
  const runs = new JobRunsRepo(db);
  const id = runs.start(PRICE_JOB, "manual", new Date(at));
  runs.finish(id, {
    status,
    reason: status === "failed" ? "offline" : null,
    rowsWritten: 0,
    summary: {},
    endedAt: new Date(at),
  });
  return id;
}

let job: PriceJob | null = null;
afterEach(async () => {
  await job?.stop();
  job = null;
});

describe("schedule validation at start-up", () => {
  it("rejects a bad cron expression with a clear error naming the field", () => {
    expect(() => validateSchedule("61 16 * * 1-5", "Asia/Shanghai")).toThrow(ScheduleConfigError);
    expect(() => validateSchedule("61 16 * * 1-5", "Asia/Shanghai")).toThrow(
      /invalid cron expression "61 16 \* \* 1-5": minute: 61 is a invalid expression for minute/,
    );
    expect(() => validateSchedule("every day at 4pm", "Asia/Shanghai")).toThrow(/invalid cron expression/);
  });

  it("rejects an unknown time zone", () => {
    expect(() => validateSchedule("30 16 * * 1-5", "Asia/Beijing")).toThrow(
      'unknown time zone "Asia/Beijing" (use an IANA name such as Asia/Shanghai)',
    );
  });

  it("refuses to start with a bad schedule, before running or recording anything", () => {
    const db = store();
    const source = new SeedSource();
    expect(() => startPriceJob({ cron: "30 25 * * *", sync: { db, source, now: () => MONDAY_1700 } })).toThrow(
      ScheduleConfigError,
    );
    expect(new JobRunsRepo(db).recent(PRICE_JOB)).toEqual([]);
    expect(source.requests).toEqual([]);
  });

  it("accepts the default schedule: 16:30 on weekdays in Shanghai", () => {
    expect(() => validateSchedule("30 16 * * 1-5", "Asia/Shanghai")).not.toThrow();
  });
});

describe("the last scheduled time", () => {
  const task = cron.createTask("30 16 * * 1-5", () => {}, { timezone: "Asia/Shanghai" });

  it("is today's 16:30 Shanghai once it has passed", () => {
    expect(lastScheduledTime(task, MONDAY_1700, null)?.toISOString()).toBe("2025-11-24T08:30:00.000Z");
  });

  it("is Friday's 16:30 on Monday before the close", () => {
    expect(lastScheduledTime(task, new Date("2025-11-24T07:00:00Z"), null)?.toISOString()).toBe(
      "2025-11-21T08:30:00.000Z",
    );
  });

  it("is null when the schedule did not fire since the given time", () => {
    expect(lastScheduledTime(task, MONDAY_1700, new Date("2025-11-24T08:31:00Z"))).toBeNull();
  });
});

describe("catch-up at start", () => {
  it("runs at once when the job never completed", async () => {
    const db = store();
    job = startPriceJob({ sync: { db, source: new SeedSource(), now: () => MONDAY_1700 } });
    const run = await job.catchUp;
    expect(run).toMatchObject({ trigger: "catch-up", status: "ok", startedAt: "2025-11-24T09:00:00.000Z" });
    expect(run?.symbols.map((s) => [s.symbol, s.to])).toEqual([
      ["000300.SS", "2025-11-24"],
      ["1357.HK", "2025-11-24"],
      ["688111.SS", "2025-11-24"],
      ["^HSI", "2025-11-24"],
    ]);
  });

  it("runs when the last completed run is older than the last scheduled time (Friday's run, Monday evening)", async () => {
    const db = store();
    pastRun(db, "2025-11-21T08:31:00Z", "ok");
    job = startPriceJob({ sync: { db, source: new SeedSource(), now: () => MONDAY_1700 } });
    expect((await job.catchUp)?.trigger).toBe("catch-up");
  });

  it("does not run when today's scheduled run completed", () => {
    const db = store();
    pastRun(db, "2025-11-24T08:30:00Z", "partial");
    const source = new SeedSource();
    job = startPriceJob({ sync: { db, source, now: () => MONDAY_1700 } });
    expect(job.catchUp).toBeNull();
    expect(source.requests).toEqual([]);
  });

  it("a failed (offline) run after the schedule does not count: it catches up", async () => {
    const db = store();
    pastRun(db, "2025-11-21T08:31:00Z", "ok");
    pastRun(db, "2025-11-24T08:30:00Z", "failed");
    job = startPriceJob({ sync: { db, source: new SeedSource(), now: () => MONDAY_1700 } });
    expect((await job.catchUp)?.status).toBe("ok");
  });
});

describe("no overlapping runs, graceful stop", () => {
  it("a trigger while a run is in flight is skipped", async () => {
    const db = store();
    const source = new SeedSource().hold();
    job = startPriceJob({ sync: { db, source, now: () => MONDAY_1700, concurrency: 1 } });
    expect(job.running).toBe(true);
    expect(await job.runNow("manual")).toBeNull();
    source.release();
    expect((await job.catchUp)?.status).toBe("ok");
    expect(job.running).toBe(false);
    expect(new JobRunsRepo(db).recent(PRICE_JOB).map((r) => r.trigger)).toEqual(["catch-up"]);
  });

  it("stop cancels the run in flight, records it, and schedules nothing more", async () => {
    const db = store();
    const source = new SeedSource().hold();
    job = startPriceJob({ sync: { db, source, now: () => MONDAY_1700, concurrency: 1 } });
    await job.stop();
    const [run] = new JobRunsRepo(db).recent(PRICE_JOB);
    expect(run).toMatchObject({ trigger: "catch-up", status: "failed", reason: "aborted" });
    expect(new JobRunsRepo(db).get(run?.id ?? 0)?.symbols.map((s) => s.status)).toEqual([
      "skipped",
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(job.nextRun()).toBeNull();
    expect(await job.runNow()).toBeNull();
  });

  it("SIGTERM stops the job gracefully, then hands the signal on", async () => {
    const db = store();
    const source = new SeedSource().hold();
    const received: string[] = [];
    const before = process.listenerCount("SIGTERM");
    job = startPriceJob({
      sync: { db, source, now: () => MONDAY_1700, concurrency: 1 },
      signals: ["SIGTERM"],
      onSignal: (s) => void received.push(s),
    });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    process.emit("SIGTERM");
    await job.catchUp;
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual(["SIGTERM"]);
    expect(process.listenerCount("SIGTERM")).toBe(before);
    expect(new JobRunsRepo(db).recent(PRICE_JOB)[0]).toMatchObject({ status: "failed", reason: "aborted" });
  });

  it("the cron schedule fires the run (every second here), in the configured zone", async () => {
    const db = store();
    pastRun(db, new Date().toISOString(), "ok");
    job = startPriceJob({
      cron: "* * * * * *",
      timezone: "Asia/Hong_Kong",
      sync: { db, source: new SeedSource(), now: () => new Date() },
    });
    expect(job.catchUp).toBeNull();
    const deadline = Date.now() + 3_000;
    while (
      Date.now() < deadline &&
      !new JobRunsRepo(db).recent(PRICE_JOB).some((r) => r.trigger === "schedule" && r.endedAt)
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(new JobRunsRepo(db).recent(PRICE_JOB).some((r) => r.trigger === "schedule" && r.status === "ok")).toBe(true);
  });
});

describe("the job function without cron", () => {
  it("prices each symbol up to today in its own exchange's zone, by the injected clock", async () => {
    const db = store();
    const source = new SeedSource();
    // 20:00Z on the 24th: already the 25th in Shanghai and Hong Kong, still the 24th in New York.
    const run = await runPriceSync({
      db,
      source,
      now: () => new Date("2025-11-24T20:00:00Z"),
      symbols: ["688111.SS", "MCHI"],
      trigger: "manual",
    });
    expect(run.startedAt).toBe("2025-11-24T20:00:00.000Z");
    expect(source.requests.map((r) => [r.symbol, r.to])).toEqual([
      ["688111.SS", "2025-11-25"],
      ["MCHI", "2025-11-24"],
    ]);
  });
});

describe("schedule off", () => {
  it("schedules nothing and catches nothing up, but a manual run still works", async () => {
    const db = store();
    const source = new SeedSource();
    job = startPriceJob({ schedule: false, sync: { db, source, now: () => MONDAY_1700 } });
    expect(job.catchUp).toBeNull();
    expect(job.nextRun()).toBeNull();
    expect(source.requests).toEqual([]);
    const run = await job.runNow();
    expect(run).toMatchObject({ trigger: "manual", status: "ok" });
  });
});
