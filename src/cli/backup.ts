import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { BackupError, backupDatabase } from "../store/backup.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run backup -- <file> [--force]

Copies the database (BROKERPICKS_DB, default db/brokerpicks.sqlite) to <file> with SQLite's
online backup: safe while the service runs and writes, and complete (copying the .sqlite file
alone misses what is still in its -wal file). Prints the size and the reports, picks and bars
the backup holds. An existing <file> is kept unless --force is given.
  --force   replace an existing <file>`;

export interface BackupIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

function defaultIO(): BackupIO {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  };
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Entry point; returns the exit code: 0 written, 1 not written (the reason printed), 2 bad usage. */
export async function backupCli(argv: string[], io: BackupIO = defaultIO()): Promise<number> {
  let file: string;
  let force: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1 || !positionals[0]) {
      io.err(positionals.length === 0 ? "error: name the backup file" : "error: name one backup file");
      io.err(USAGE);
      return 2;
    }
    file = positionals[0];
    force = values.force === true;
  } catch (err) {
    io.err(`error: ${(err as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  try {
    const config = loadConfig(io.env, ["BROKERPICKS_DB"]);
    const started = Date.now();
    const r = await backupDatabase(config.BROKERPICKS_DB, file, { force });
    io.out(
      `wrote ${r.file}: ${size(r.bytes)}, ${r.reports} reports, ${r.picks} picks, ${r.bars} bars ` +
        `(from ${config.BROKERPICKS_DB} in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return 0;
  } catch (err) {
    if (err instanceof BackupError || err instanceof ConfigError) {
      io.err(`error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

runCli(import.meta.url, (argv) => backupCli(argv));
