import { DEFAULT_BENCHMARK_SYMBOLS } from "../domain/benchmarks.js";
import type { ScoringSettings } from "../domain/types.js";

/** DOMAIN.md defaults: T+1 adjusted open, checkpoints at 1/3/6/12 months, the broker's own horizon. */
export const DEFAULT_SCORING_SETTINGS: Readonly<ScoringSettings> = Object.freeze({
  entryMode: "t1-open",
  checkpointMonths: [1, 3, 6, 12],
  verdictHorizonMonths: null,
  benchmarkSymbols: { ...DEFAULT_BENCHMARK_SYMBOLS },
});

/** Defaults overlaid with what the caller sets; benchmark mappings are added to the defaults, not replacing them. */
export function scoringSettings(overrides: Partial<ScoringSettings> = {}): ScoringSettings {
  return {
    entryMode: overrides.entryMode ?? DEFAULT_SCORING_SETTINGS.entryMode,
    checkpointMonths: [...(overrides.checkpointMonths ?? DEFAULT_SCORING_SETTINGS.checkpointMonths)],
    verdictHorizonMonths:
      overrides.verdictHorizonMonths === undefined
        ? DEFAULT_SCORING_SETTINGS.verdictHorizonMonths
        : overrides.verdictHorizonMonths,
    benchmarkSymbols: { ...DEFAULT_BENCHMARK_SYMBOLS, ...(overrides.benchmarkSymbols ?? {}) },
  };
}

/** Key of a checkpoint in ScoredPick.checkpoints: "6m". */
export function checkpointKey(months: number): string {
  return `${months}m`;
}
