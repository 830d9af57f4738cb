import { existsSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/** A backup that cannot be made as asked: the message says why and what to do. */
export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupResult {
  file: string;
  bytes: number;
  reports: number;
  picks: number;
  bars: number;
}

export interface BackupOptions {
  /** Replace an existing file at the destination. */
  force?: boolean;
}

function sameFile(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);
}

/** Refuses a destination the backup must not or cannot be written to, before any work is done. */
function checkDestination(source: string, dest: string, force: boolean): void {
  const folder = dirname(dest);
  if (!existsSync(folder)) throw new BackupError(`cannot write ${dest}: the folder ${folder} does not exist`);
  if (!statSync(folder).isDirectory()) throw new BackupError(`cannot write ${dest}: ${folder} is not a folder`);
  if (!existsSync(dest)) return;
  if (statSync(dest).isDirectory()) throw new BackupError(`${dest} is a folder: name the backup file`);
  if (sameFile(source, dest)) throw new BackupError(`${dest} is the database itself: name another file`);
  if (!force) throw new BackupError(`${dest} already exists: choose another name, or add --force to replace it`);
  // A -wal file beside it means a database there is (or was) open: replacing the main file would
  // leave that WAL to be replayed onto the backup.
  if (existsSync(`${dest}-wal`))
    throw new BackupError(
      `${dest}-wal exists: a database at ${dest} may be in use; stop what uses it or choose another name`,
    );
}

/**
 * Copies the database at `source` to `dest` with SQLite's online backup, which reads a consistent
 * snapshot through SQLite, committed WAL content included, while other connections keep
 * reading and writing. (Copying the file alone misses what is still in the -wal file.)
 * The backup is written beside the destination and renamed into place when complete, and is a
 * single self-contained file (rollback journal, no -wal): the service switches it back to WAL
 * when it opens it.
 */
export async function backupDatabase(source: string, dest: string, options: BackupOptions = {}): Promise<BackupResult> {
  const target = resolve(dest);
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (BROKERPICKS_DB)`);
  checkDestination(source, target, options.force ?? false);
  const partial = `${target}.${process.pid}.partial`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`cannot back up ${source} to ${target}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  let counts: Omit<BackupResult, "file" | "bytes">;
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`the backup of ${source} failed its check: ${String(check)}`);
    const count = (table: string) => copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    counts = { reports: count("reports"), picks: count("picks"), bars: count("bars") };
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${source} is not a brokerpicks database: ${(err as Error).message}`);
  }
  copy.close();
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, ...counts };
}
