import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FuzzMessage } from "./helpers/fuzzChild.js";

/**
 * Extraction fuzzing: 5,000 seeded mutations of the shipped reports (truncated, lines
 * shuffled, random bytes, spliced, scrambled digits, hostile strings …) plus the worst cases
 * (a pick list repeated 10,000 times, a 5 MB report, 5 MB of random bytes). Each must give a
 * well-formed result or a clear error within a second; every tenth case (and every worst case)
 * also goes through ingestion into a database, which must answer with an outcome, never throw.
 *
 * The cases run in a child process watched from here: a case that hangs is killed and named.
 * Reproduce a case with mutation(seed, index, seedTexts()) from ./helpers/mutations.ts; try
 * other seeds with BROKERPICKS_FUZZ_SEED.
 */
const SEED = Number(process.env.BROKERPICKS_FUZZ_SEED ?? 20240218);
const CASES = 5000;
/** No word from the child for this long means a case hangs. */
const HANG_MS = 15_000;

interface Outcome {
  finished: Extract<FuzzMessage, { type: "finished" }> | null;
  hung: { index: number; kind: string } | null;
  exit: string;
}

function runFuzz(): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = fork(
      fileURLToPath(new URL("./helpers/fuzzChild.ts", import.meta.url)),
      [String(SEED), String(CASES), "10"],
      {
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    let current: { index: number; kind: string } | null = null;
    let finished: Outcome["finished"] = null;
    let hung: Outcome["hung"] = null;
    let timer = setTimeout(() => {}, 0);
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = current ?? { index: -1, kind: "start-up" };
        child.kill("SIGKILL");
      }, HANG_MS);
    };
    watch();
    child.on("message", (m: FuzzMessage) => {
      watch();
      if (m.type === "start") current = { index: m.index, kind: m.kind };
      else finished = m;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ finished, hung, exit: String(signal ?? code) });
    });
  });
}

describe("extraction fuzzing", () => {
  it(`${CASES} seeded mutations and the worst cases: a well-formed result or a clear error, each within a second (seed ${SEED})`, async () => {
    const o = await runFuzz();
    const where = (index: number, kind: string) => `seed ${SEED}, case ${index} (${kind})`;
    expect(o.hung, o.hung ? `hangs: ${where(o.hung.index, o.hung.kind)}` : "").toBeNull();
    expect(o.finished, `the fuzz child exited with ${o.exit} before finishing`).not.toBeNull();
    const f = o.finished as NonNullable<Outcome["finished"]>;
    expect(f.failures.map((x) => `${where(x.index, x.kind)}, ${x.length} characters: ${x.problem}`)).toEqual([]);
    expect(f.cases).toBe(CASES + 4);
    expect(f.maxMs, `slowest: ${f.slowest}`).toBeLessThan(1000);
    expect(f.integrity).toBe("ok");
    // Some mutations still read as reports and are stored; the rest are refused with a code.
    expect(f.ingested.stored ?? 0).toBeGreaterThan(50);
    expect(Object.keys(f.ingested).every((k) => k === "stored" || k === "duplicate" || k.startsWith("failed: "))).toBe(
      true,
    );
    console.info(
      `fuzz seed ${SEED}: ${f.cases} cases, ${f.errors} clear errors, slowest ${f.maxMs.toFixed(0)} ms (${f.slowest}), ingestion ${JSON.stringify(f.ingested)}`,
    );
  }, 240_000);
});
