import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate, openDatabase, PAGE_SIZE } from "../../src/store/database.js";
import { tempDir } from "../helpers/tempDir.js";

describe("migrations", () => {
  it("creates the schema in a fresh in-memory database and records each migration once", () => {
    const db = openDatabase(":memory:");
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const t of ["bars", "brokers", "job_runs", "picks", "rating_scales", "reports", "securities"]) {
      expect(tables).toContain(t);
    }
    const applied = db.prepare("SELECT id FROM schema_migrations ORDER BY id").pluck().all();
    expect(applied[0]).toBe(1);
    expect(migrate(db)).toEqual([]); // second run applies nothing
  });

  it("sets WAL and foreign keys on a file database, and 16 KiB pages on a new one", () => {
    const dir = tempDir("bp-db-");
    const db = openDatabase(join(dir, "x.sqlite"));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("page_size", { simple: true })).toBe(PAGE_SIZE);
    db.close();
  });

  it("keeps the page size of an existing database", () => {
    const file = join(tempDir("bp-db-"), "old.sqlite");
    const old = new Database(file);
    old.exec("CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (42);");
    old.close();
    const db = openDatabase(file);
    expect(db.pragma("page_size", { simple: true })).toBe(4096);
    expect(db.prepare("SELECT x FROM kept").pluck().get()).toBe(42);
    expect(db.prepare("SELECT COUNT(*) FROM picks").pluck().get()).toBe(0);
    db.close();
  });

  it("rolls back a failing migration and keeps what was applied before it", () => {
    const dir = tempDir("bp-mig-");
    writeFileSync(join(dir, "0001_a.sql"), "CREATE TABLE a (x INTEGER);");
    writeFileSync(join(dir, "0002_b.sql"), "CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);");
    const file = join(dir, "m.sqlite");
    expect(() => openDatabase(file, { migrationsDir: dir })).toThrow(/no such table: nope/);
    const db = openDatabase(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain("a");
    expect(tables).not.toContain("b");
    expect(db.prepare("SELECT id FROM schema_migrations").pluck().all()).toEqual([1]);
    db.close();
  });

  it("rejects misnamed migration files", () => {
    const dir = tempDir("bp-mig-");
    writeFileSync(join(dir, "init.sql"), "SELECT 1;");
    expect(() => loadMigrations(dir)).toThrow(/0001_name\.sql: init\.sql/);
  });
});
