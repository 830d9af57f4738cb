import { parseArgs } from "node:util";
import { DEFAULT_MARKET_FILE } from "./marketFile.js";
import { DEFAULT_GROUPS, GROUPS, type GroupName } from "./results.js";
import { DEFAULT_PRICES_DIR } from "./scale.js";

export const USAGE = `usage: npm run bench -- [group ...] [options]

groups: ${GROUPS.join(", ")} (default: ${DEFAULT_GROUPS.join(", ")}; scale runs only when named)
  --market-file <path>  whole-market price file (csv or csv.gz: symbol,date,open,high,low,close,adjclose,volume);
                        default $BROKERPICKS_BENCH_MARKET_FILE or ${DEFAULT_MARKET_FILE}
  --prices-dir <dir>    folder of the scale group's price files (both A-share market files and the 2018–2022
                        indices); default $BROKERPICKS_BENCH_PRICES_DIR or ${DEFAULT_PRICES_DIR}
  --picks <n>           picks drawn for the scoring and API benchmarks (default 100000)
  --reports <n>         report texts in the ingestion corpus (default 2000)
  --duration <s>        seconds of load per API endpoint (default 10)
  --fresh               rebuild the market store instead of reusing the cached one
  --keep                keep the work folder (databases, corpus) and print where it is`;

export interface BenchArgs {
  groups: GroupName[];
  marketFile: string;
  pricesDir: string;
  picks: number;
  reports: number;
  duration: number;
  fresh: boolean;
  keep: boolean;
  help: boolean;
}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${v}"`);
  return n;
}

/**
 * Bench flags; BROKERPICKS_BENCH_MARKET_FILE and BROKERPICKS_BENCH_PRICES_DIR are read here only,
 * as defaults for --market-file and --prices-dir.
 */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      "market-file": { type: "string" },
      "prices-dir": { type: "string" },
      picks: { type: "string" },
      reports: { type: "string" },
      duration: { type: "string" },
      fresh: { type: "boolean" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
  });
  const unknown = positionals.filter((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark group(s): ${unknown.join(", ")}; groups are ${GROUPS.join(", ")}`);
  return {
    groups: positionals.length > 0 ? (positionals as GroupName[]) : [...DEFAULT_GROUPS],
    marketFile: values["market-file"] ?? env.BROKERPICKS_BENCH_MARKET_FILE ?? DEFAULT_MARKET_FILE,
    pricesDir: values["prices-dir"] ?? env.BROKERPICKS_BENCH_PRICES_DIR ?? DEFAULT_PRICES_DIR,
    picks: positiveInt("picks", values.picks, 100_000),
    reports: positiveInt("reports", values.reports, 2000),
    duration: positiveInt("duration", values.duration, 10),
    fresh: values.fresh ?? false,
    keep: values.keep ?? false,
    help: values.help ?? false,
  };
}
