import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";

/**
 * A counter that triggers bump whenever reports, picks, scores or job runs change
 * (migration 0030). Caches of what the API shows are keyed by it, so a write by any
 * process on the same database file invalidates them.
 */
export class DataVersion {
  private readonly readStmt: Statement<[], number>;
  private readonly bumpStmt: Statement<[]>;

  constructor(db: Db) {
    this.readStmt = db.prepare<[], number>("SELECT version FROM data_version WHERE id = 1").pluck();
    this.bumpStmt = db.prepare<[]>("UPDATE data_version SET version = version + 1 WHERE id = 1");
  }

  current(): number {
    return this.readStmt.get() ?? 0;
  }

  /** For writers the triggers do not see (e.g. bars imported without a job run). */
  bump(): void {
    this.bumpStmt.run();
  }
}
