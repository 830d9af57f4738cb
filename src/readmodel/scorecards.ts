import { buildScorecards, type Scorecard, type Scorecards } from "../scoring/index.js";
import type { Db } from "../store/database.js";
import { readStoredScores } from "../store/pickScores.js";
import { PicksRepo } from "../store/picks.js";

/** A scorecard without its calibration matrix: what a leaderboard row shows. */
export type ScorecardSummary = Omit<Scorecard, "calibration">;

export interface BrokerCards {
  broker: Scorecard;
  analysts: Scorecard[];
  stances: Scorecard[];
  labels: Scorecard[];
  /** Rated calls only (a printed positive rating), null when the broker has none. */
  rated: Scorecard | null;
}

/** Every scorecard, with broker cards addressable by broker id (cards themselves name brokers by name). */
export interface ScorecardSet {
  all: Scorecard;
  byBrokerId: Map<string, BrokerCards>;
}

export function summarize(card: Scorecard): ScorecardSummary {
  const { calibration: _calibration, ...rest } = card;
  return rest;
}

/**
 * Builds every scorecard from the stored scores: one pass over pick_scores (each record parsed
 * once) and the scoring inputs (for analysts and label order). Run once per data version, when
 * no in-memory source of scores is at hand.
 */
export function loadScorecards(db: Db): ScorecardSet {
  return byBrokerId(db, buildScorecards(readStoredScores(db), new PicksRepo(db).scoringInputs()));
}

/** Files each broker's cards under its id (cards name brokers by their printed name). */
export function byBrokerId(db: Db, cards: Scorecards): ScorecardSet {
  const idsByName = new Map<string, string>();
  for (const row of db.prepare("SELECT id, name FROM brokers ORDER BY id").all() as { id: string; name: string }[]) {
    if (!idsByName.has(row.name)) idsByName.set(row.name, row.id);
  }
  const byId = new Map<string, BrokerCards>();
  const entry = (brokerName: string | null): BrokerCards | null => {
    const id = brokerName === null ? undefined : idsByName.get(brokerName);
    return id === undefined ? null : (byId.get(id) ?? null);
  };
  for (const card of cards.brokers) {
    const id = idsByName.get(card.key);
    if (id !== undefined) byId.set(id, { broker: card, analysts: [], stances: [], labels: [], rated: null });
  }
  for (const card of cards.analysts) entry(card.broker)?.analysts.push(card);
  for (const card of cards.stances) entry(card.broker)?.stances.push(card);
  for (const card of cards.labels) entry(card.broker)?.labels.push(card);
  for (const card of cards.rated) {
    const e = entry(card.broker);
    if (e) e.rated = card;
  }
  return { all: cards.all, byBrokerId: byId };
}
