/**
 * npm run bench [-- group ... --market-file <path> --prices-dir <dir>]: runs the benchmark groups, prints the
 * results as a table, merges them into bench/results.json (a list of {name, value, unit,
 * reference, target, met}) and writes bench/README.md with the latest table.
 */
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../src/paths.js";
import { apiGroup } from "./groups/api.js";
import { ingestGroup } from "./groups/ingest.js";
import { pricesGroup } from "./groups/prices.js";
import { scaleGroup } from "./groups/scale.js";
import { scoringGroup } from "./groups/scoring.js";
import { parseBenchArgs, USAGE } from "./lib/args.js";
import { benchDir } from "./lib/child.js";
import { BenchContext } from "./lib/context.js";
import { updateProjectReadme, writeReadme } from "./lib/readme.js";
import {
  type BenchResult,
  type GroupName,
  markdownTable,
  mergeResults,
  readResults,
  writeJson,
} from "./lib/results.js";

const RUNNERS: Record<GroupName, (ctx: BenchContext) => Promise<BenchResult[]>> = {
  scoring: scoringGroup,
  api: apiGroup,
  ingest: ingestGroup,
  prices: pricesGroup,
  scale: scaleGroup,
};

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2), process.env);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  console.error(`brokerpicks benchmarks: ${args.groups.join(", ")} on ${machine}`);
  const ctx = new BenchContext(args);
  const started = performance.now();
  const fresh: BenchResult[] = [];
  let failures = 0;
  try {
    for (const group of args.groups) {
      const t = performance.now();
      console.error(`\n[${group}]`);
      try {
        const got = await RUNNERS[group](ctx);
        const why = got.find((r) => r.skipped)?.skipped;
        if (why) console.error(`  skipped: ${why}`);
        fresh.push(...got);
      } catch (err) {
        failures++;
        const message = err instanceof Error ? err.message : String(err);
        console.error(`  ${group} failed: ${message}`);
        fresh.push({
          group,
          name: `${group} benchmarks`,
          value: null,
          unit: "",
          reference: null,
          target: null,
          met: false,
          note: `the benchmark itself failed: ${message}`,
          measuredAt: new Date().toISOString(),
        });
      }
      console.error(`  ${group} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
  } finally {
    ctx.cleanUp();
  }
  const file = join(benchDir, "results.json");
  const all = mergeResults(readResults(file), fresh);
  writeJson(file, all);
  writeReadme(join(benchDir, "README.md"), all, {
    machine,
    seconds: (performance.now() - started) / 1000,
    groups: args.groups,
  });
  updateProjectReadme(join(projectRoot, "README.md"), all);
  console.log(`\n${markdownTable(fresh)}\n`);
  console.log(
    `${fresh.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s; written to bench/results.json and bench/README.md`,
  );
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
