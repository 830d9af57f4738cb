import type { ScoringSettings } from "../domain/types.js";
import type { Logger } from "../logger.js";
import type { Db } from "../store/database.js";
import { type ClosedRun, JobRunsRepo, processAlive } from "../store/jobRuns.js";
import { isStale, ScoringStateRepo, type Staleness } from "../store/scoringState.js";
import type { ScoreRun, ScoringService } from "./scoring.js";

export interface ReconcileDeps {
  db: Db;
  scoring: ScoringService;
  settings: ScoringSettings;
  now: () => Date;
  logger: Logger;
  /** Whether a process of this host exists (tests pass their own). */
  isAlive?: (pid: number) => boolean;
}

export interface Reconciled {
  /** Job runs left `running` by a process that is gone, now closed as failed. */
  closedRuns: ClosedRun[];
  /** What the stored scores were behind on when the store was opened. */
  staleness: Staleness;
  /** The scoring run that brought them up to date (null: they were current). */
  scored: ScoreRun | null;
  /** One line per thing put right, for the operator. */
  lines: string[];
}

const count = (n: number): string => n.toLocaleString("en-US");

/**
 * What every command that writes to the store does right after opening it: puts right what an
 * interrupted process left behind. Job runs still `running` whose process is gone are closed
 * as failed with the reason; stored scores behind the stored picks, reports or bars (or
 * computed under other scoring settings) are scored again, whatever the command was asked to
 * do. Cheap when there is nothing to do: a handful of small queries.
 */
export function reconcileStore(deps: ReconcileDeps): Reconciled {
  const at = deps.now();
  const closedRuns = new JobRunsRepo(deps.db).closeDead(at, deps.isAlive ?? processAlive);
  const lines = closedRuns.map((r) => `closed ${r.job} run #${r.id} left running: ${r.reason}`);
  const staleness = new ScoringStateRepo(deps.db).staleness(deps.settings);
  let scored: ScoreRun | null = null;
  if (isStale(staleness)) {
    scored = deps.scoring.scoreAll();
    // Bars written to a store with no picks yet leave marks, but no score was behind.
    if (scored.picks > 0) lines.push(scoredLine(staleness, scored));
  }
  for (const r of closedRuns) deps.logger.info({ runId: r.id, job: r.job, reason: r.reason }, "closed a dead job run");
  if (scored) deps.logger.info({ ...staleness, symbols: staleness.symbols.length }, "scored what was left stale");
  return { closedRuns, staleness, scored, lines };
}

/** The one line saying what was scored and why. */
export function scoredLine(s: Staleness, run: Pick<ScoreRun, "picks" | "written">): string {
  if (s.settingsChanged) {
    return `scored ${count(run.picks)} picks again: the scoring settings changed since the stored scores (${count(run.written)} scores changed)`;
  }
  const causes: string[] = [];
  if (s.unscoredPicks > 0) causes.push(`${count(s.unscoredPicks)} picks left unscored`);
  if (s.symbols.length > 0) causes.push(`prices of ${count(s.symbols.length)} symbol(s) written but not scored`);
  if (s.unscoredPicks === 0 && s.reports > 0) causes.push(`${count(s.reports)} report(s) stored but not scored`);
  if (causes.length === 1 && s.unscoredPicks > 0) {
    return `scored ${count(s.unscoredPicks)} picks left unscored by an interrupted run`;
  }
  return `scored ${count(run.picks)} picks again, ${count(run.written)} scores changed: ${causes.join(", ")} by an interrupted run`;
}
