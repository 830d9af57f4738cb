import type { Statement } from "better-sqlite3";
import type { IsoDate } from "../domain/types.js";
import type { Db } from "./database.js";

export type RunStatus = "running" | "ok" | "partial" | "failed";
export type FinishedStatus = Exclude<RunStatus, "running">;
export type SymbolStatus = "ok" | "unchanged" | "failed" | "skipped";

/** What happened to one symbol in one run. */
export interface SymbolOutcome {
  symbol: string;
  status: SymbolStatus;
  /** rate-limited, not-found, unavailable, offline, bad-response, aborted, store … (null when ok). */
  reason: string | null;
  message: string | null;
  attempts: number;
  rowsWritten: number;
  from: IsoDate | null;
  to: IsoDate | null;
}

export interface JobRun {
  id: number;
  job: string;
  /** schedule, catch-up, manual, start. */
  trigger: string;
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  reason: string | null;
  rowsWritten: number;
  summary: Record<string, unknown>;
}

export interface JobRunDetail extends JobRun {
  symbols: SymbolOutcome[];
}

interface RunRow {
  id: number;
  job: string;
  trigger: string;
  started_at: string;
  ended_at: string | null;
  status: RunStatus;
  reason: string | null;
  rows_written: number;
  summary: string;
}

interface SymbolRow {
  symbol: string;
  status: SymbolStatus;
  reason: string | null;
  message: string | null;
  attempts: number;
  rows_written: number;
  from_date: string | null;
  to_date: string | null;
}

function toRun(r: RunRow): JobRun {
  let summary: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.summary);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) summary = parsed as Record<string, unknown>;
  } catch {
    summary = { unreadable: r.summary };
  }
  return {
    id: r.id,
    job: r.job,
    trigger: r.trigger,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
    reason: r.reason,
    rowsWritten: r.rows_written,
    summary,
  };
}

const RUN_COLUMNS = "id, job, trigger, started_at, ended_at, status, reason, rows_written, summary";

/** Every run of a job with its per-symbol outcomes, kept for operators and the API. */
export class JobRunsRepo {
  private readonly insertRun: Statement<[string, string, string]>;
  private readonly finishRun: Statement<[string, string, string | null, number, string, number]>;
  private readonly upsertSymbol: Statement<
    [number, string, string, string | null, string | null, number, number, string | null, string | null]
  >;
  private readonly byId: Statement<[number], RunRow>;
  private readonly symbolsOf: Statement<[number], SymbolRow>;
  private readonly recentStmt: Statement<[string, number], RunRow>;
  private readonly lastWithStatus: Statement<[string, string, string], RunRow>;
  private readonly interruptStmt: Statement<[string, string]>;

  constructor(db: Db) {
    this.insertRun = db.prepare<[string, string, string]>(
      "INSERT INTO job_runs (job, trigger, started_at, status) VALUES (?, ?, ?, 'running')",
    );
    this.finishRun = db.prepare<[string, string, string | null, number, string, number]>(
      "UPDATE job_runs SET ended_at = ?, status = ?, reason = ?, rows_written = ?, summary = ? WHERE id = ?",
    );
    this.upsertSymbol = db.prepare(
      `INSERT INTO job_run_symbols (run_id, symbol, status, reason, message, attempts, rows_written, from_date, to_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, symbol) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         message = excluded.message, attempts = excluded.attempts, rows_written = excluded.rows_written,
         from_date = excluded.from_date, to_date = excluded.to_date`,
    );
    this.byId = db.prepare<[number], RunRow>(`SELECT ${RUN_COLUMNS} FROM job_runs WHERE id = ?`);
    this.symbolsOf = db.prepare<[number], SymbolRow>(
      `SELECT symbol, status, reason, message, attempts, rows_written, from_date, to_date
       FROM job_run_symbols WHERE run_id = ? ORDER BY symbol`,
    );
    this.recentStmt = db.prepare<[string, number], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
    );
    this.lastWithStatus = db.prepare<[string, string, string], RunRow>(
      `SELECT ${RUN_COLUMNS} FROM job_runs WHERE job = ? AND status IN (?, ?)
       ORDER BY started_at DESC, id DESC LIMIT 1`,
    );
    this.interruptStmt = db.prepare<[string, string]>(
      `UPDATE job_runs SET status = 'failed', reason = 'interrupted', ended_at = ?
       WHERE job = ? AND status = 'running'`,
    );
  }

  /** Opens a run; returns its id. */
  start(job: string, trigger: string, startedAt: Date): number {
    return Number(this.insertRun.run(job, trigger, startedAt.toISOString()).lastInsertRowid);
  }

  recordSymbol(runId: number, o: SymbolOutcome): void {
    this.upsertSymbol.run(runId, o.symbol, o.status, o.reason, o.message, o.attempts, o.rowsWritten, o.from, o.to);
  }

  finish(
    runId: number,
    r: { status: FinishedStatus; reason: string | null; rowsWritten: number; summary: object; endedAt: Date },
  ): void {
    this.finishRun.run(r.endedAt.toISOString(), r.status, r.reason, r.rowsWritten, JSON.stringify(r.summary), runId);
  }

  get(runId: number): JobRunDetail | null {
    const row = this.byId.get(runId);
    if (!row) return null;
    const symbols = this.symbolsOf.all(runId).map(
      (s): SymbolOutcome => ({
        symbol: s.symbol,
        status: s.status,
        reason: s.reason,
        message: s.message,
        attempts: s.attempts,
        rowsWritten: s.rows_written,
        from: s.from_date,
        to: s.to_date,
      }),
    );
    return { ...toRun(row), symbols };
  }

  /** Newest first. */
  recent(job: string, limit = 20): JobRun[] {
    return this.recentStmt.all(job, limit).map(toRun);
  }

  /**
   * The newest run that completed its work (`ok`, or `partial`: some symbols failed, typically
   * a delisted one, but the run itself went through). A `failed` run (offline) does not count.
   */
  lastCompleted(job: string): JobRun | null {
    const row = this.lastWithStatus.get(job, "ok", "partial");
    return row ? toRun(row) : null;
  }

  /** Runs left `running` by a process that died are closed as failed/interrupted. Returns how many. */
  closeInterrupted(job: string, at: Date): number {
    return this.interruptStmt.run(at.toISOString(), job).changes;
  }
}
