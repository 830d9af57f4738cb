import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

const EXPECTED_ERRORS = new Set(["ConfigError", "IngestError", "SecurityListError", "CsvImportError", "UsageError"]);

/**
 * Runs a CLI's main function when its module is the program being run (not when a test imports
 * it), and turns its result into the exit code. Errors the product raises on purpose (bad
 * configuration, bad input) print their message; anything else prints its stack as well.
 */
export function runCli(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  const entry = process.argv[1];
  if (!entry || realpathSync(entry) !== realpathSync(fileURLToPath(moduleUrl))) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const e = err as Error;
      console.error(`error: ${e.message}`);
      if (!EXPECTED_ERRORS.has(e.name)) console.error(e.stack);
      process.exitCode = 1;
    },
  );
}
