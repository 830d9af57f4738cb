import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { DataVersion } from "../../src/store/dataVersion.js";
import { PickScoresRepo } from "../../src/store/pickScores.js";
import { seedDb } from "../helpers/seedDb.js";
import { tempDir } from "../helpers/tempDir.js";

describe("pick_facts", () => {
  it("holds every pick with its report's broker and date and its score's numbers", async () => {
    const { db, scoring } = await seedDb();
    const facts = db
      .prepare(
        `SELECT f.pick_id AS id, broker_id AS broker, report_date AS date, verdict, excess_12m AS e12, td.excess AS etd
        FROM pick_facts f LEFT JOIN pick_to_date td ON td.pick_id = f.pick_id`,
      )
      .all() as { id: number; broker: string; date: string; verdict: string; e12: number | null; etd: number | null }[];
    expect(facts).toHaveLength(81);
    const scored = new Map(scoring.current().scored.map((s) => [Number(s.key), s]));
    for (const f of facts) {
      const s = scored.get(f.id);
      expect(f.verdict).toBe(s?.verdict);
      expect(f.e12).toBe(s?.checkpoints["12m"]?.excess ?? null);
      expect(f.etd).toBe(s?.toDate?.excess ?? null);
    }
  });

  it("follows score updates and deletions, and report date corrections", async () => {
    const { db, scoring, now } = await seedDb();
    const first = scoring.current().scored[0];
    if (!first?.toDate) throw new Error("the first seed pick has a to-date value");
    const id = Number(first.key);
    // A revised last close: the stock is down 40% to date.
    const toDate = { ...first.toDate, return: -0.4, excess: -0.4 - first.toDate.benchmarkReturn };
    const changed = new PickScoresRepo(db).save([{ ...first, verdict: "miss", toDate }], now());
    expect(changed).toBe(1);
    const facts = db.prepare(
      "SELECT verdict, td.excess AS excess_to_date FROM pick_facts f LEFT JOIN pick_to_date td USING (pick_id) WHERE pick_id = ?",
    );
    expect(facts.get(id)).toEqual({ verdict: "miss", excess_to_date: toDate.excess });
    db.prepare("DELETE FROM pick_scores WHERE pick_id = ?").run(id);
    expect(
      db
        .prepare(
          "SELECT scored, verdict, td.excess AS excess_to_date FROM pick_facts f LEFT JOIN pick_to_date td USING (pick_id) WHERE pick_id = ?",
        )
        .get(id),
    ).toEqual({
      scored: 0,
      verdict: null,
      excess_to_date: null,
    });
    const reportId = db.prepare("SELECT report_id FROM picks WHERE id = ?").pluck().get(id);
    db.prepare("UPDATE reports SET report_date = '2024-03-01' WHERE id = ?").run(reportId);
    expect(db.prepare("SELECT DISTINCT report_date FROM pick_facts WHERE report_id = ?").pluck().all(reportId)).toEqual(
      ["2024-03-01"],
    );
    db.prepare("DELETE FROM reports WHERE id = ?").run(reportId);
    expect(db.prepare("SELECT COUNT(*) FROM pick_facts WHERE report_id = ?").pluck().get(reportId)).toBe(0);
  });
});

describe("DataVersion", () => {
  it("moves on this connection's writes and on other connections' commits, not on reads", () => {
    const file = join(tempDir("bp-ver-"), "v.sqlite");
    const a = openDatabase(file);
    const b = openDatabase(file);
    const version = new DataVersion(a);
    const v0 = version.current();
    a.prepare("SELECT COUNT(*) FROM picks").get();
    expect(version.current()).toBe(v0);
    a.prepare("INSERT INTO brokers (id, name) VALUES ('x', 'X')").run();
    const v1 = version.current();
    expect(v1).not.toBe(v0);
    b.prepare("INSERT INTO brokers (id, name) VALUES ('y', 'Y')").run();
    expect(version.current()).not.toBe(v1);
    a.close();
    b.close();
  });
});
