/**
 * A CLI command (ingest or prices) run as its own process over the store BROKERPICKS_DB names,
 * with one way of being interrupted, so a test can kill it at a known point:
 *   kill-on <pattern>  the process SIGKILLs itself when the command prints a line matching the
 *                      pattern (ingest's closing count and prices import's summary come after
 *                      the last commit, before scoring);
 *   hang-fetch         the price source's fetch never answers; the process says "fetching" over
 *                      IPC and waits to be killed.
 * Args: <ingest|prices> <kill-on <pattern> | hang-fetch> <the command's own arguments>...
 * Every line the command prints goes to stdout.
 */
import { ingestCli } from "../../../src/cli/ingest.js";
import { pricesCli } from "../../../src/cli/prices.js";

export type CliChildMessage = { type: "fetching" };

async function main(): Promise<number> {
  const [command, mode, ...rest] = process.argv.slice(2);
  let pattern: RegExp | null = null;
  let argv = rest;
  if (mode === "kill-on") {
    pattern = new RegExp(rest[0] ?? "");
    argv = rest.slice(1);
  } else if (mode !== "hang-fetch")
    throw new Error("usage: cliChild <ingest|prices> <kill-on <pattern>|hang-fetch> ...");
  const line = (l: string) => {
    process.stdout.write(`${l}\n`);
    if (pattern?.test(l)) process.kill(process.pid, "SIGKILL");
  };
  const hangingFetch = (() => {
    // An answer that never comes keeps nothing alive; the timer keeps the process waiting for its kill.
    setInterval(() => {}, 60_000);
    process.send?.({ type: "fetching" } satisfies CliChildMessage);
    return new Promise<Response>(() => {});
  }) as typeof fetch;
  if (command === "ingest") {
    return ingestCli(argv, { out: line, err: line, tty: false, progress: process.stderr, env: process.env });
  }
  if (command === "prices") {
    return pricesCli(argv, {
      out: line,
      err: line,
      tty: false,
      env: process.env,
      now: () => new Date(),
      ...(mode === "hang-fetch" ? { fetch: hangingFetch } : {}),
    });
  }
  throw new Error(`unknown command ${command}`);
}

main().then(
  (code) => {
    process.exitCode = code;
    process.disconnect?.();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
