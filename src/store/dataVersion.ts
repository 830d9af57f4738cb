import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";

/**
 * A token that changes whenever the database changes, for caches of what the API shows.
 * SQLite provides both halves: `PRAGMA data_version` moves when another connection (another
 * process: the CLI, a second server) commits, and `total_changes()` counts every row this
 * connection has written. Reading both costs two tiny statements and no trigger on any write.
 */
export class DataVersion {
  private readonly otherStmt: Statement<[], number>;
  private readonly ownStmt: Statement<[], number>;

  constructor(db: Db) {
    this.otherStmt = db.prepare<[], number>("PRAGMA data_version").pluck();
    this.ownStmt = db.prepare<[], number>("SELECT total_changes()").pluck();
  }

  current(): string {
    return `${this.otherStmt.get() ?? 0}.${this.ownStmt.get() ?? 0}`;
  }
}
