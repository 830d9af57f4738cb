import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";
import { type JobRun, type JobRunDetail, JobRunsRepo } from "./jobRuns.js";

export interface SymbolCounts {
  ok: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface JobRunListItem extends JobRun {
  symbolCounts: SymbolCounts;
}

/** Recent runs of every job, newest first, for the API (the runs themselves are kept by JobRunsRepo). */
export class JobQueries {
  private readonly repo: JobRunsRepo;
  private readonly recentIdsStmt: Statement<[number], number>;
  private readonly countsStmt: Statement<[number], { status: keyof SymbolCounts; n: number }>;

  constructor(db: Db) {
    this.repo = new JobRunsRepo(db);
    this.recentIdsStmt = db
      .prepare<[number], number>("SELECT id FROM job_runs ORDER BY started_at DESC, id DESC LIMIT ?")
      .pluck();
    this.countsStmt = db.prepare<[number], { status: keyof SymbolCounts; n: number }>(
      "SELECT status, COUNT(*) AS n FROM job_run_symbols WHERE run_id = ? GROUP BY status",
    );
  }

  /** Newest first, each with how many symbols ended ok, unchanged, failed or skipped. */
  recent(limit: number): JobRunListItem[] {
    const out: JobRunListItem[] = [];
    for (const id of this.recentIdsStmt.all(limit)) {
      const detail = this.repo.get(id);
      if (!detail) continue;
      const { symbols: _symbols, ...run } = detail;
      const symbolCounts: SymbolCounts = { ok: 0, unchanged: 0, failed: 0, skipped: 0 };
      for (const c of this.countsStmt.all(id)) symbolCounts[c.status] = c.n;
      out.push({ ...run, symbolCounts });
    }
    return out;
  }

  /** Recent runs with every symbol's outcome. */
  recentDetailed(limit: number): JobRunDetail[] {
    return this.recentIdsStmt
      .all(limit)
      .map((id) => this.repo.get(id))
      .filter((d): d is JobRunDetail => d !== null);
  }

  get(id: number): JobRunDetail | null {
    return this.repo.get(id);
  }
}
