import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type BackupIO, backupCli } from "../../src/cli/backup.js";
import { type Db, openDatabase } from "../../src/store/database.js";
import { addReport, SECURITIES } from "../helpers/priceDb.js";
import { tempDir } from "../helpers/tempDir.js";

function io(db: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: BackupIO = { out: (l) => void out.push(l), err: (l) => void err.push(l), env: { BROKERPICKS_DB: db } };
  return { io: value, out, err };
}

function counts(file: string): { reports: number; picks: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { reports: count("reports"), picks: count("picks") };
  } finally {
    db.close();
  }
}

/** A database file with the service's connection open on it, nothing checkpointed yet. */
function running(): { dir: string; file: string; service: Db } {
  const dir = tempDir("bp-backup-");
  const file = join(dir, "brokerpicks.sqlite");
  const service = openDatabase(file);
  service.pragma("wal_autocheckpoint = 0");
  addReport(service, { date: "2024-02-21", picks: [SECURITIES.ec, SECURITIES.meitu] });
  addReport(service, { date: "2025-09-01", picks: [SECURITIES.zitian], unresolved: ["某公司"] });
  return { dir, file, service };
}

describe("npm run backup", () => {
  it("copies what is still in the WAL while another connection has the database open and writes", async () => {
    const { dir, file, service } = running();
    try {
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      // The trap the command avoids: the .sqlite file alone has not received the data yet.
      copyFileSync(file, join(dir, "naive.sqlite"));
      const naive = new Database(join(dir, "naive.sqlite"));
      expect(naive.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'picks'").pluck().get()).toBe(0);
      naive.close();

      const dest = join(dir, "backup.sqlite");
      const run = io(file);
      expect(await backupCli([dest], run.io)).toBe(0);
      expect(run.err).toEqual([]);
      expect(run.out).toEqual([
        expect.stringMatching(
          new RegExp(
            `^wrote ${dest.replace(/[.]/g, "\\.")}: \\d+\\.\\d KB, 2 reports, 4 picks, 0 bars \\(from .* in \\d+\\.\\d s\\)$`,
          ),
        ),
      ]);
      expect(counts(dest)).toEqual({ reports: 2, picks: 4 });
      // A single self-contained file: no -wal beside it, nothing half-written left over.
      expect(readdirSync(dir).filter((f) => f.startsWith("backup."))).toEqual(["backup.sqlite"]);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

      // The service keeps writing; a later backup over the first one needs --force and has the new rows.
      addReport(service, { date: "2025-10-01", picks: [SECURITIES.cambricon] });
      const refused = io(file);
      expect(await backupCli([dest], refused.io)).toBe(1);
      expect(refused.err).toEqual([`error: ${dest} already exists: choose another name, or add --force to replace it`]);
      expect(counts(dest)).toEqual({ reports: 2, picks: 4 });
      const forced = io(file);
      expect(await backupCli([dest, "--force"], forced.io)).toBe(0);
      expect(forced.out[0]).toContain(", 3 reports, 5 picks, ");
      expect(counts(dest)).toEqual({ reports: 3, picks: 5 });
      expect(counts(file)).toEqual({ reports: 3, picks: 5 });
    } finally {
      service.close();
    }
  });

  it("opens as a brokerpicks database: the service migrates and uses it as it is", async () => {
    const { dir, file, service } = running();
    service.close();
    const dest = join(dir, "copy.sqlite");
    expect(await backupCli([dest], io(file).io)).toBe(0);
    const reopened = openDatabase(dest);
    expect(reopened.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(reopened.prepare("SELECT count(*) FROM picks").pluck().get()).toBe(4);
    reopened.close();
  });

  it("exits 1 with the reason on a path it cannot write or read, and writes nothing", async () => {
    const { dir, file, service } = running();
    try {
      const missingFolder = join(dir, "no-such-folder", "b.sqlite");
      let run = io(file);
      expect(await backupCli([missingFolder], run.io)).toBe(1);
      expect(run.err).toEqual([
        `error: cannot write ${missingFolder}: the folder ${join(dir, "no-such-folder")} does not exist`,
      ]);

      run = io(file);
      expect(await backupCli([dir], run.io)).toBe(1);
      expect(run.err).toEqual([`error: ${dir} is a folder: name the backup file`]);

      run = io(file);
      expect(await backupCli([file, "--force"], run.io)).toBe(1);
      expect(run.err).toEqual([`error: ${file} is the database itself: name another file`]);

      const missingDb = join(dir, "absent.sqlite");
      run = io(missingDb);
      expect(await backupCli([join(dir, "x.sqlite")], run.io)).toBe(1);
      expect(run.err).toEqual([`error: no database at ${missingDb} (BROKERPICKS_DB)`]);

      const notDb = join(dir, "notes.txt");
      writeFileSync(notDb, "not a database, just some words that fill more than a header would\n".repeat(20));
      run = io(notDb);
      expect(await backupCli([join(dir, "y.sqlite")], run.io)).toBe(1);
      expect(run.err[0]).toMatch(/^error: cannot back up .*notes\.txt to .*y\.sqlite: file is not a database$/);

      expect(readdirSync(dir).sort()).toEqual(
        ["brokerpicks.sqlite", "brokerpicks.sqlite-shm", "brokerpicks.sqlite-wal", "notes.txt"].sort(),
      );
      expect(readFileSync(notDb, "utf8")).toContain("not a database");
    } finally {
      service.close();
    }
  });

  it("exits 2 with the usage when no file or two files are named", async () => {
    for (const argv of [[], ["a.sqlite", "b.sqlite"], ["--overwrite", "a.sqlite"]]) {
      const run = io(":memory:");
      expect(await backupCli(argv, run.io), argv.join(" ")).toBe(2);
      expect(run.err.at(-1)).toMatch(/^usage: npm run backup -- <file> \[--force\]/);
      expect(existsSync("a.sqlite")).toBe(false);
    }
  });
});
