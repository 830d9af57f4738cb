/**
 * Loaded with --import before a product entry point the benchmarks run as it ships (npm run
 * score, npm start): at exit, writes the process's peak RSS to stderr on a line of its own,
 * which bench/lib/entryProcess.ts reads. Writes to a pipe are synchronous on Linux, so the line
 * is out before the process ends.
 */
import { writeSync } from "node:fs";
import { PEAK_RSS_MARK } from "../lib/entryProcess.js";

process.on("exit", () => {
  writeSync(2, `\n${PEAK_RSS_MARK}${process.resourceUsage().maxRSS}\n`);
});
