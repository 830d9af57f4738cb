import { hostname } from "node:os";
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
  private readonly insertRun: Statement<[string, string, string, number, string]>;
  private readonly finishRun: Statement<[string, string, string | null, number, string, number]>;
  private readonly upsertSymbol: Statement<
    [number, string, string, string | null, string | null, number, number, string | null, string | null]
  >;
  private readonly byId: Statement<[number], RunRow>;
  private readonly symbolsOf: Statement<[number], SymbolRow>;
  private readonly recentStmt: Statement<[string, number], RunRow>;
  private readonly lastWithStatus: Statement<[string, string, string], RunRow>;
  private readonly runningStmt: Statement<[], RunningRow>;
  private readonly interruptStmt: Statement<[string, string, number]>;

  /** `owner`: the process that runs the jobs this repository starts (default: this one). */
  constructor(
    db: Db,
    private readonly owner: RunOwner = thisProcess(),
  ) {
    this.insertRun = db.prepare<[string, string, string, number, string]>(
      "INSERT INTO job_runs (job, trigger, started_at, status, pid, host) VALUES (?, ?, ?, 'running', ?, ?)",
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
    this.runningStmt = db.prepare<[], RunningRow>(
      "SELECT id, job, started_at, pid, host FROM job_runs WHERE status = 'running' ORDER BY id",
    );
    this.interruptStmt = db.prepare<[string, string, number]>(
      "UPDATE job_runs SET status = 'failed', reason = ?, ended_at = ? WHERE id = ? AND status = 'running'",
    );
  }

  /** Opens a run; returns its id. */
  start(job: string, trigger: string, startedAt: Date): number {
    return Number(
      this.insertRun.run(job, trigger, startedAt.toISOString(), this.owner.pid, this.owner.host).lastInsertRowid,
    );
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

  /**
   * Closes, as failed, the runs left `running` by a process that no longer exists: on this
   * host, a run whose process is gone (`isAlive`); on another host, where no process can be
   * asked, a run started more than FOREIGN_RUN_LIMIT_MS before `at`; a run recorded without a
   * process (stored before processes were recorded) at once. A run of this process is never
   * closed. Returns the runs closed, each with its reason.
   */
  closeDead(at: Date, isAlive: (pid: number) => boolean = processAlive): ClosedRun[] {
    const closed: ClosedRun[] = [];
    for (const r of this.runningStmt.all()) {
      const reason = deadReason(r, this.owner, at, isAlive);
      if (reason === null) continue;
      if (this.interruptStmt.run(reason, at.toISOString(), r.id).changes > 0)
        closed.push({ id: r.id, job: r.job, reason });
    }
    return closed;
  }
}

/** How long a run on another host may stay `running` before it is taken for dead. */
export const FOREIGN_RUN_LIMIT_MS = 24 * 3600_000;

export interface RunOwner {
  pid: number;
  host: string;
}

export interface ClosedRun {
  id: number;
  job: string;
  reason: string;
}

interface RunningRow {
  id: number;
  job: string;
  started_at: string;
  pid: number | null;
  host: string | null;
}

function thisProcess(): RunOwner {
  return { pid: process.pid, host: hostname() };
}

/** Whether a process with this id exists on this host (EPERM: it exists, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function deadReason(r: RunningRow, owner: RunOwner, at: Date, isAlive: (pid: number) => boolean): string | null {
  if (r.pid === null || r.host === null) return "interrupted: no process recorded";
  if (r.host === owner.host) {
    if (r.pid === owner.pid || isAlive(r.pid)) return null;
    return `interrupted: process ${r.pid} ended`;
  }
  if (at.getTime() - Date.parse(r.started_at) <= FOREIGN_RUN_LIMIT_MS) return null;
  return `interrupted: process ${r.pid} on ${r.host} not heard of for over ${FOREIGN_RUN_LIMIT_MS / 3600_000} h`;
}
