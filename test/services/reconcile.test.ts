import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { PRICE_JOB } from "../../src/prices/job.js";
import { scoringSettings } from "../../src/scoring/index.js";
import { reconcileStore } from "../../src/services/reconcile.js";
import { ScoringService } from "../../src/services/scoring.js";
import { BarsRepo } from "../../src/store/bars.js";
import { openDatabase } from "../../src/store/database.js";
import { JobRunsRepo } from "../../src/store/jobRuns.js";
import { ScoringStateRepo } from "../../src/store/scoringState.js";
import { SEED_NOW, seedDb } from "../helpers/seedDb.js";

const AT = new Date("2025-11-24T09:00:00Z");
const HOST = hostname();

describe("job runs left running", () => {
  it("are closed when their process on this host is gone, kept while it lives, and never this process's", () => {
    const db = openDatabase(":memory:");
    const dead = new JobRunsRepo(db, { pid: 4001, host: HOST }).start(PRICE_JOB, "manual", AT);
    const alive = new JobRunsRepo(db, { pid: 4002, host: HOST }).start(PRICE_JOB, "manual", AT);
    const mine = new JobRunsRepo(db).start(PRICE_JOB, "manual", AT);
    const later = new Date(AT.getTime() + 60_000);
    const closed = new JobRunsRepo(db).closeDead(later, (pid) => pid === 4002);
    expect(closed).toEqual([{ id: dead, job: PRICE_JOB, reason: "interrupted: process 4001 ended" }]);
    const runs = new JobRunsRepo(db);
    expect(runs.get(dead)).toMatchObject({
      status: "failed",
      reason: "interrupted: process 4001 ended",
      endedAt: later.toISOString(),
    });
    expect(runs.get(alive)?.status).toBe("running");
    expect(runs.get(mine)?.status).toBe("running");
  });

  it("on another host are kept for 24 hours, then closed; a run without a recorded process is closed", () => {
    const db = openDatabase(":memory:");
    const other = new JobRunsRepo(db, { pid: 77, host: "elsewhere" });
    const old = other.start(PRICE_JOB, "schedule", new Date(AT.getTime() - 25 * 3600_000));
    const recent = other.start(PRICE_JOB, "schedule", new Date(AT.getTime() - 23 * 3600_000));
    db.prepare("INSERT INTO job_runs (job, trigger, started_at, status) VALUES (?, 'manual', ?, 'running')").run(
      PRICE_JOB,
      AT.toISOString(),
    );
    const closed = new JobRunsRepo(db).closeDead(AT, () => {
      throw new Error("no process of another host is asked about");
    });
    expect(closed).toEqual([
      { id: old, job: PRICE_JOB, reason: "interrupted: process 77 on elsewhere not heard of for over 24 h" },
      { id: 3, job: PRICE_JOB, reason: "interrupted: no process recorded" },
    ]);
    expect(new JobRunsRepo(db).get(recent)?.status).toBe("running");
  });
});

describe("whether the stored scores are current", () => {
  it("changed bars mark their symbol in the same write; an unchanged rewrite marks nothing; rescoring clears it", async () => {
    const { db, scoring } = await seedDb();
    const state = new ScoringStateRepo(db);
    const settings = scoringSettings();
    expect(state.staleness(settings)).toEqual({ unscoredPicks: 0, reports: 0, symbols: [], settingsChanged: false });
    const bars = new BarsRepo(db);
    const [last] = bars.between("688111.SS", "2025-11-21", "2025-11-21");
    if (!last) throw new Error("the seed snapshot has 688111.SS on 2025-11-21");
    expect(bars.writeSymbol("688111.SS", [last], "csv")).toBe(0);
    expect(state.staleness(settings).symbols).toEqual([]);
    expect(bars.writeSymbol("688111.SS", [{ ...last, close: 320, adjclose: 320 }], "csv")).toBe(1);
    expect(state.staleness(settings).symbols).toEqual(["688111.SS"]);
    scoring.afterBarsWritten(["688111.SS"]);
    expect(state.staleness(settings).symbols).toEqual([]);
  });

  it("a pick without a score, a stored report and other scoring settings each call for scoring, which puts them right", async () => {
    const { db } = await seedDb();
    db.exec("DELETE FROM pick_scores WHERE pick_id IN (SELECT id FROM picks ORDER BY id LIMIT 7)");
    db.exec("INSERT INTO score_marks (kind, subject) VALUES ('report', 'kaiyuan')");
    const settings = scoringSettings();
    const service = new ScoringService({ db, settings, now: () => SEED_NOW, logger: silentLogger });
    const first = reconcileStore({ db, scoring: service, settings, now: () => SEED_NOW, logger: silentLogger });
    expect(first.staleness).toEqual({ unscoredPicks: 7, reports: 1, symbols: [], settingsChanged: false });
    expect(first.lines).toEqual(["scored 7 picks left unscored by an interrupted run"]);
    expect(db.prepare("SELECT COUNT(*) FROM pick_scores").pluck().get()).toBe(81);
    const again = reconcileStore({ db, scoring: service, settings, now: () => SEED_NOW, logger: silentLogger });
    expect(again).toMatchObject({ closedRuns: [], scored: null, lines: [] });

    const closes = scoringSettings({ entryMode: "t0-close" });
    const other = new ScoringService({ db, settings: closes, now: () => SEED_NOW, logger: silentLogger });
    const changed = reconcileStore({ db, scoring: other, settings: closes, now: () => SEED_NOW, logger: silentLogger });
    expect(changed.staleness.settingsChanged).toBe(true);
    expect(changed.lines[0]).toMatch(
      /^scored 81 picks again: the scoring settings changed since the stored scores \(\d+ scores changed\)$/,
    );
    expect(changed.scored?.written).toBeGreaterThan(0);
  });
});
