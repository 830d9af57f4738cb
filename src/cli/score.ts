import { parseArgs } from "node:util";
import { loadConfig, openConfiguredDatabase } from "../config.js";
import { createLogger } from "../logger.js";
import type { Scorecard } from "../scoring/index.js";
import { reconcileStore } from "../services/reconcile.js";
import { SCORING_CONFIG_KEYS, ScoringService, scoringSettingsFromConfig } from "../services/scoring.js";
import { storedScores } from "../store/pickScores.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run score -- [--json]

Scores every stored pick against its benchmark under its broker's own printed scale, stores the
results, and prints the broker leaderboard.
  --json   print every pick's scoring instead, one JSON object per line (returns as fractions)`;

function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? "–" : `${(x * 100).toFixed(digits)}%`;
}

/** One leaderboard row per broker: N by stance, hit rate with its interval and N, mean excess, win rate. */
export function leaderboardTable(cards: { brokers: Scorecard[]; stances: Scorecard[] }): string {
  const header = ["broker", "N", "rec/watch/ben", "hit rate (95% CI) [N]", "1m", "3m", "6m", "12m", "win 12m [N]"];
  const rows = [...cards.brokers]
    .sort((a, b) => (b.hitRate.rate ?? -1) - (a.hitRate.rate ?? -1) || b.n - a.n)
    .map((c) => {
      const n = (stance: string) => cards.stances.find((s) => s.broker === c.broker && s.key === stance)?.n ?? 0;
      const hr = c.hitRate;
      const ci = hr.interval ? ` (${pct(hr.interval.low, 0)}–${pct(hr.interval.high, 0)})` : "";
      const win = c.checkpoints["12m"]?.winRate;
      return [
        c.key,
        String(c.n),
        `${n("recommend")}/${n("watch")}/${n("beneficiary")}`,
        `${pct(hr.rate)}${ci} [${hr.n}]`,
        pct(c.checkpoints["1m"]?.meanExcess),
        pct(c.checkpoints["3m"]?.meanExcess),
        pct(c.checkpoints["6m"]?.meanExcess),
        pct(c.checkpoints["12m"]?.meanExcess),
        win ? `${pct(win.rate, 0)} [${win.n}]` : "–",
      ];
    });
  const all = [header, ...rows];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ""))));
  return all.map((r) => r.map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - width(cell))).join("  ")).join("\n");
}

runCli(import.meta.url, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env, ["BROKERPICKS_DB", "LOG_LEVEL", ...SCORING_CONFIG_KEYS]);
  const db = openConfiguredDatabase(config);
  const settings = scoringSettingsFromConfig(config);
  const now = () => new Date();
  const logger = createLogger(config.LOG_LEVEL);
  // Nothing is held between runs here: memory stays bounded whatever the number of picks.
  const service = new ScoringService({ db, settings, now, logger, hold: false });
  // Scores everything anyway; this also closes job runs a dead process left running.
  const recovered = reconcileStore({ db, scoring: service, settings, now, logger });
  for (const line of recovered.lines) console.error(line);
  if (!recovered.scored) service.scoreAll();
  if (values.json) {
    for (const s of storedScores(db)) console.log(JSON.stringify(s));
  } else {
    const cards = service.scorecards();
    console.log(leaderboardTable(cards));
    console.log(
      `\n${cards.all.n} picks; hit rate on final verdicts ${pct(cards.all.hitRate.rate)} of ${cards.all.hitRate.n}; returns are excess over each pick's benchmark`,
    );
  }
  db.close();
  return 0;
});
