import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, openConfiguredDatabase } from "../../src/config.js";
import { paths, projectRoot } from "../../src/paths.js";
import { tempDir } from "../helpers/tempDir.js";

/**
 * Settings are refused at start with a message naming the variable and the value, never taken
 * loosely (Number() reads "1e3" as 1000 and "" as 0), and each command reads only the settings
 * it uses.
 */

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("whole-number settings take decimal digits within their range only", () => {
  it.each([
    ["", "PORT: is set but empty; unset it to use the default, or give a value"],
    ["1e3", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "1e3"'],
    ["0x50", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "0x50"'],
    ["80.0", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "80.0"'],
    [" 80", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got " 80"'],
    ["80 ", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "80 "'],
    ["0", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "0"'],
    ["65536", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "65536"'],
    ["-1", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "-1"'],
    ["+80", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "+80"'],
    ["abc", 'PORT: must be a whole number from 1 to 65535 in decimal digits, got "abc"'],
    [
      "99999999999999999999",
      'PORT: must be a whole number from 1 to 65535 in decimal digits, got "99999999999999999999"',
    ],
  ])("PORT=%j is refused", (value, message) => {
    expect(refusal({ PORT: value })).toBe(`invalid configuration: ${message}`);
  });

  it("PORT takes 1 to 65535 and defaults to 3000", () => {
    expect(loadConfig({ PORT: "1" }).PORT).toBe(1);
    expect(loadConfig({ PORT: "8080" }).PORT).toBe(8080);
    expect(loadConfig({ PORT: "65535" }).PORT).toBe(65535);
    expect(loadConfig({}).PORT).toBe(3000);
  });

  it("the other whole-number settings are as strict", () => {
    expect(refusal({ BROKERPICKS_PRICE_CONCURRENCY: "1e1" })).toContain(
      'BROKERPICKS_PRICE_CONCURRENCY: must be a whole number from 1 to 64 in decimal digits, got "1e1"',
    );
    expect(refusal({ BROKERPICKS_PRICE_CONCURRENCY: "" })).toContain("BROKERPICKS_PRICE_CONCURRENCY: is set but empty");
    expect(refusal({ BROKERPICKS_WATCH_INTERVAL_MS: "5e3" })).toContain(
      'BROKERPICKS_WATCH_INTERVAL_MS: must be a whole number from 200 to 600000 in decimal digits, got "5e3"',
    );
    expect(refusal({ BROKERPICKS_WATCH_INTERVAL_MS: "0x1388" })).toContain('got "0x1388"');
    expect(refusal({ BROKERPICKS_CACHE_MB: "0" })).toContain(
      'BROKERPICKS_CACHE_MB: must be a whole number from 1 to 65536 in decimal digits, got "0"',
    );
    expect(refusal({ BROKERPICKS_CACHE_MB: "64.5" })).toContain('got "64.5"');
    const c = loadConfig({
      BROKERPICKS_PRICE_CONCURRENCY: "8",
      BROKERPICKS_WATCH_INTERVAL_MS: "200",
      BROKERPICKS_CACHE_MB: "16",
    });
    expect([c.BROKERPICKS_PRICE_CONCURRENCY, c.BROKERPICKS_WATCH_INTERVAL_MS, c.BROKERPICKS_CACHE_MB]).toEqual([
      8, 200, 16,
    ]);
    expect(loadConfig({}).BROKERPICKS_CACHE_MB).toBe(64);
  });

  it("reads the judged calls a broker needs to be ranked, 10 unless set", () => {
    expect(loadConfig({}).BROKERPICKS_MIN_CALLS).toBe(10);
    expect(loadConfig({}).BROKERPICKS_HOLD_MAX_PICKS).toBe(300_000);
    expect(loadConfig({ BROKERPICKS_HOLD_MAX_PICKS: "0" }).BROKERPICKS_HOLD_MAX_PICKS).toBe(0);
    expect(refusal({ BROKERPICKS_HOLD_MAX_PICKS: "1e6" })).toContain("BROKERPICKS_HOLD_MAX_PICKS");
    expect(loadConfig({ BROKERPICKS_MIN_CALLS: "25" }).BROKERPICKS_MIN_CALLS).toBe(25);
    expect(refusal({ BROKERPICKS_MIN_CALLS: "0" })).toContain(
      'BROKERPICKS_MIN_CALLS: must be a whole number from 1 to 100000 in decimal digits, got "0"',
    );
    expect(refusal({ BROKERPICKS_MIN_CALLS: "ten" })).toContain('got "ten"');
  });

  it("every problem is named at once", () => {
    expect(refusal({ PORT: "1e3", BROKERPICKS_PRICE_CONCURRENCY: "0" })).toBe(
      'invalid configuration: PORT: must be a whole number from 1 to 65535 in decimal digits, got "1e3"; ' +
        'BROKERPICKS_PRICE_CONCURRENCY: must be a whole number from 1 to 64 in decimal digits, got "0"',
    );
  });
});

describe("BROKERPICKS_TOKEN", () => {
  it("set but empty is refused, not read as 'writes disabled'", () => {
    expect(refusal({ BROKERPICKS_TOKEN: "" })).toBe(
      "invalid configuration: BROKERPICKS_TOKEN: is set but empty; unset it to use the default, or give a value",
    );
    expect(loadConfig({}).BROKERPICKS_TOKEN).toBeUndefined();
  });

  it.each([
    "token with spaces 0123456789",
    "tab\tseparated-0123456789",
    "0123456789abcdef\n",
    'quote"0123456789abcdef',
    "colon:0123456789abcdef",
    "中文令牌0123456789abcdef",
    "pad=in-the-middle-0123456789",
  ])("%j cannot be sent in a Bearer header and is refused", (token) => {
    expect(refusal({ BROKERPICKS_TOKEN: token })).toMatch(
      /^invalid configuration: BROKERPICKS_TOKEN: may hold only letters, digits and - \. _ ~ \+ \/ \(then = signs at the end\)/,
    );
  });

  it("takes an RFC 6750 b64token of at least 16 characters", () => {
    for (const token of ["abcdefABCDEF0123", "a-b.c_d~e+f/g0123456789==", "0123456789abcdef="]) {
      expect(loadConfig({ BROKERPICKS_TOKEN: token }).BROKERPICKS_TOKEN).toBe(token);
    }
    expect(refusal({ BROKERPICKS_TOKEN: "short-token" })).toContain(
      "BROKERPICKS_TOKEN: must be at least 16 characters",
    );
  });
});

describe("each command reads only the settings it uses", () => {
  it("a bad PORT does not stop a command that does not listen", () => {
    const config = loadConfig({ PORT: "abc", BROKERPICKS_TOKEN: "a b", BROKERPICKS_DB: "/x.sqlite" }, [
      "BROKERPICKS_DB",
    ]);
    expect(config).toEqual({ BROKERPICKS_DB: "/x.sqlite" });
    expect(refusal({ PORT: "abc" })).toContain("PORT");
  });

  it("other empty settings are refused too, naming the variable", () => {
    for (const key of ["BROKERPICKS_DB", "HOST", "BROKERPICKS_PRICES_DIR", "BROKERPICKS_WATCH_DIR", "LOG_LEVEL"]) {
      expect(refusal({ [key]: "" })).toContain(`${key}: is set but empty`);
    }
  });
});

describe("a BROKERPICKS_DB that cannot be opened", () => {
  it("is named with its path, for a missing folder, a folder and a file that is not a database", () => {
    const dir = tempDir("bp-settings-");
    const notDb = join(dir, "notes.sqlite");
    writeFileSync(notDb, "these are notes, not a database ".repeat(100));
    mkdirSync(join(dir, "folder"));
    const cases: Array<[string, string]> = [
      [join(dir, "missing", "store.sqlite"), "the directory does not exist"],
      [join(dir, "folder"), "unable to open database file"],
      [notDb, "file is not a database"],
    ];
    for (const [file, reason] of cases) {
      expect(() => openConfiguredDatabase({ BROKERPICKS_DB: file })).toThrow(ConfigError);
      expect(() => openConfiguredDatabase({ BROKERPICKS_DB: file })).toThrow(
        `BROKERPICKS_DB: cannot open the database ${JSON.stringify(file)}: ${reason}`,
      );
    }
  });
});

const run = promisify(execFile);
const TSX = join(projectRoot, "node_modules", ".bin", "tsx");
const SEED_REPORT = join(paths.seedReports, "002_987a530512bc595a.txt");

/** Runs a command of the product; resolves with its exit code and output, whatever the code. */
async function command(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("BROKERPICKS_") && k !== "PORT" && k !== "HOST"),
  );
  try {
    const r = await run(TSX, [join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { ...clean, LOG_LEVEL: "silent", BROKERPICKS_SCHEDULE: "off", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("the commands, started as an operator starts them", () => {
  it("PORT=abc: ingest --dry-run works; the service refuses to start, naming PORT and the value", async () => {
    const dir = tempDir("bp-settings-cli-");
    const db = join(dir, "store.sqlite");
    const ingest = await command("src/cli/ingest.ts", ["--dry-run", SEED_REPORT], { PORT: "abc", BROKERPICKS_DB: db });
    expect(ingest.stderr).not.toContain("PORT");
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/^STORED +002_987a530512bc595a\.txt {2}东吴证券 {2}2024-02-21/m);

    const start = await command("src/main.ts", [], { PORT: "abc", BROKERPICKS_DB: db });
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      'brokerpicks could not start: invalid configuration: PORT: must be a whole number from 1 to 65535 in decimal digits, got "abc"\n',
    );
    const empty = await command("src/main.ts", [], { PORT: "", BROKERPICKS_DB: db });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("PORT: is set but empty");
  }, 120_000);

  it("a BROKERPICKS_DB in a folder that does not exist is named, with no stack trace", async () => {
    const missing = join(tempDir("bp-settings-db-"), "no-such-folder", "store.sqlite");
    const start = await command("src/main.ts", [], { BROKERPICKS_DB: missing, PORT: "1" });
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      `brokerpicks could not start: BROKERPICKS_DB: cannot open the database ${JSON.stringify(missing)}: the directory does not exist\n`,
    );
    const ingest = await command("src/cli/ingest.ts", [SEED_REPORT], { BROKERPICKS_DB: missing });
    expect(ingest.code).toBe(1);
    expect(ingest.stderr).toBe(
      `error: BROKERPICKS_DB: cannot open the database ${JSON.stringify(missing)}: the directory does not exist\n`,
    );
  }, 120_000);
});
