import type { Statement } from "better-sqlite3";
import type { BrokerStanding } from "../readmodel/standing.js";
import type { Scorecards } from "../scoring/index.js";
import type { Db } from "./database.js";

/**
 * The scorecards of the stored scores, kept beside them (db/migrations/0110_stored_scorecards.sql)
 * with the generation of the scores they were built from: valid while no score has changed since.
 */
export class StoredScorecards {
  private readonly generationStmt: Statement<[], number>;
  private readonly bumpStmt: Statement<[]>;
  private readonly saveStmt: Statement<[number, string, string]>;
  private readonly loadStmt: Statement<[], { generation: number; body: string }>;
  private readonly validStmt: Statement<[number], number>;
  private readonly saveStandingStmt: Statement<[number, string, string]>;
  private readonly loadStandingStmt: Statement<[number, string], string>;
  private readonly standingExistsStmt: Statement<[number, string], number>;

  constructor(db: Db) {
    this.generationStmt = db.prepare<[], number>("SELECT generation FROM scoring_state WHERE id = 1").pluck();
    this.bumpStmt = db.prepare<[]>("UPDATE scoring_state SET generation = generation + 1 WHERE id = 1");
    this.saveStmt = db.prepare<[number, string, string]>(
      `INSERT INTO stored_scorecards (id, generation, built_at, body) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, built_at = excluded.built_at, body = excluded.body`,
    );
    this.saveStandingStmt = db.prepare<[number, string, string]>(
      `INSERT INTO stored_standing (id, generation, day, body) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, day = excluded.day, body = excluded.body`,
    );
    this.loadStandingStmt = db
      .prepare<[number, string], string>("SELECT body FROM stored_standing WHERE id = 1 AND generation = ? AND day = ?")
      .pluck();
    this.standingExistsStmt = db
      .prepare<[number, string], number>("SELECT 1 FROM stored_standing WHERE id = 1 AND generation = ? AND day = ?")
      .pluck();
    this.validStmt = db
      .prepare<[number], number>("SELECT 1 FROM stored_scorecards WHERE id = 1 AND generation = ?")
      .pluck();
    this.loadStmt = db.prepare<[], { generation: number; body: string }>(
      "SELECT generation, body FROM stored_scorecards WHERE id = 1",
    );
  }

  /** The stored scores' generation (null: never scored). */
  generation(): number | null {
    return this.generationStmt.get() ?? null;
  }

  /** Stored scores changed: scorecards built before no longer hold. */
  scoresChanged(): void {
    this.bumpStmt.run();
  }

  /** Keeps `cards` as the scorecards of the current generation (no-op before the first scoring run). */
  save(cards: Scorecards, at: Date): void {
    const generation = this.generation();
    if (generation === null) return;
    this.saveStmt.run(generation, at.toISOString(), JSON.stringify(cards));
  }

  /** Whether scorecards of the current generation are stored. */
  valid(): boolean {
    const g = this.generation();
    return g !== null && this.validStmt.get(g) !== undefined;
  }

  /** The stored scorecards when they were built from the scores as they are now, else null. */
  load(): Scorecards | null {
    const row = this.loadStmt.get();
    if (row === undefined || row.generation !== this.generation()) return null;
    return JSON.parse(row.body) as Scorecards;
  }

  /** Keeps every broker's standing, valued on `day`, as that of the current generation of scores. */
  saveStanding(standing: ReadonlyMap<string, BrokerStanding>, day: string): void {
    const generation = this.generation();
    if (generation === null) return;
    this.saveStandingStmt.run(generation, day, JSON.stringify([...standing]));
  }

  /** Whether a standing valued on `day` from the scores as they are now is stored. */
  standingValid(day: string): boolean {
    const generation = this.generation();
    return generation !== null && this.standingExistsStmt.get(generation, day) !== undefined;
  }

  /** The stored standing when it was valued on `day` from the scores as they are now, else null. */
  loadStanding(day: string): Map<string, BrokerStanding> | null {
    const generation = this.generation();
    if (generation === null) return null;
    const body = this.loadStandingStmt.get(generation, day);
    return body === undefined ? null : new Map(JSON.parse(body) as [string, BrokerStanding][]);
  }
}
