import { z } from "zod";
import type { PdfReadLimits } from "./ingest/pdf/pool.js";
import { paths } from "./paths.js";
import { type Db, openDatabase } from "./store/database.js";

/**
 * A whole number written in decimal digits, from min to max. Number() would also take "1e3",
 * "0x50", "80.0" and " 80", and an empty value as 0: each is refused with the value named.
 */
function wholeNumber(min: number, max: number) {
  const expected = `must be a whole number from ${min} to ${max} in decimal digits`;
  return z.string().transform((raw, ctx) => {
    const n = /^[0-9]{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: "custom", message: `${expected}, got ${JSON.stringify(raw.slice(0, 40))}` });
      return z.NEVER;
    }
    return n;
  });
}

/** RFC 6750's b64token: what a client can send after "Bearer " in an Authorization header. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Every setting the service reads from the environment, parsed once at start-up.
 * Nothing else reads process.env.
 */
const ConfigSchema = z.object({
  BROKERPICKS_DB: z.string().default(paths.defaultDatabase),
  HOST: z.string().default("127.0.0.1"),
  PORT: wholeNumber(1, 65535).default(3000),
  /** Bearer token for write endpoints; unset = writes disabled. */
  BROKERPICKS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .regex(
      BEARER_TOKEN,
      "may hold only letters, digits and - . _ ~ + / (then = signs at the end): a token with spaces or other characters cannot be sent in an Authorization: Bearer header",
    )
    .optional(),
  /** Cron expression of the price update job, in BROKERPICKS_CRON_TZ. */
  BROKERPICKS_CRON: z.string().default("30 16 * * 1-5"),
  BROKERPICKS_CRON_TZ: z.string().default("Asia/Shanghai"),
  /** "off" disables the schedule (the API and manual runs still work). */
  BROKERPICKS_SCHEDULE: z.enum(["on", "off"]).default("on"),
  /** yahoo (live) or csv (files under BROKERPICKS_PRICES_DIR) for scheduled syncs. */
  BROKERPICKS_PRICE_SOURCE: z.enum(["yahoo", "csv"]).default("yahoo"),
  BROKERPICKS_PRICES_DIR: z.string().optional(),
  BROKERPICKS_PRICE_CONCURRENCY: wholeNumber(1, 64).default(4),
  /** Extra benchmark mappings, e.g. "MSCI中国=MCHI,中证500=000905.SS". */
  BROKERPICKS_BENCHMARKS: z.string().optional(),
  BROKERPICKS_ENTRY: z.enum(["t1-open", "t0-close"]).default("t1-open"),
  /** A folder watched for new report files (txt, md, pdf), ingested and scored as they appear; unset = off. */
  BROKERPICKS_WATCH_DIR: z.string().optional(),
  /** Longest time between two looks at BROKERPICKS_WATCH_DIR (file-system events make it sooner), ms. */
  BROKERPICKS_WATCH_INTERVAL_MS: wholeNumber(200, 600_000).default(5000),
  /** Memory the API's response cache may hold, in MB (bodies, compressed copies and keys). */
  BROKERPICKS_CACHE_MB: wholeNumber(1, 65536).default(64),
  /** Judged calls a broker needs to be ranked on the leaderboard; brokers with fewer are listed apart. */
  BROKERPICKS_MIN_CALLS: wholeNumber(1, 100_000).default(10),
  /**
   * The server keeps every score and bar in memory (fast incremental runs after a sync) while the
   * store has at most this many picks; beyond, it scores in bounded memory, a batch of symbols at
   * a time.
   */
  BROKERPICKS_HOLD_MAX_PICKS: wholeNumber(0, 1_000_000_000).default(300_000),
  /** PDFs are read in a worker thread; one with more pages is refused (too-many-pages). */
  BROKERPICKS_PDF_MAX_PAGES: wholeNumber(1, 100_000).default(500),
  /** Longest time reading one PDF may take, ms (timeout). */
  BROKERPICKS_PDF_TIMEOUT_MS: wholeNumber(100, 600_000).default(20_000),
  /** Memory reading one PDF may add to the process, MB (too-large: e.g. a stream that inflates to gigabytes). */
  BROKERPICKS_PDF_MAX_MEMORY_MB: wholeNumber(64, 16_384).default(256),
  /** Characters of text one PDF may hold (too-large). */
  BROKERPICKS_PDF_MAX_TEXT_CHARS: wholeNumber(1000, 100_000_000).default(4_000_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigKey = keyof Config;

/** Every setting, in the order of the schema. */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as ConfigKey[];

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the settings a command uses (all of them when `keys` is absent); the others are not
 * read, so a bad PORT does not stop an ingest. A variable set to the empty string is refused
 * rather than taken as unset or as a value: an empty BROKERPICKS_TOKEN would otherwise decide
 * silently whether writes are open.
 */
export function loadConfig(env?: NodeJS.ProcessEnv): Config;
export function loadConfig<K extends ConfigKey>(env: NodeJS.ProcessEnv, keys: readonly K[]): Pick<Config, K>;
export function loadConfig(env: NodeJS.ProcessEnv = process.env, keys: readonly ConfigKey[] = CONFIG_KEYS): unknown {
  const problems: string[] = [];
  const input: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value === "") problems.push(`${key}: is set but empty; unset it to use the default, or give a value`);
    else if (value !== undefined) input[key] = value;
  }
  const schema = ConfigSchema.pick(Object.fromEntries(keys.map((k) => [k, true])) as Record<ConfigKey, true>);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  return parsed.data;
}

/**
 * Opens the database BROKERPICKS_DB names. A path that cannot be opened (no such folder, a
 * folder, not a database, no permission) is a ConfigError naming the variable and the path.
 */
export function openConfiguredDatabase(config: Pick<Config, "BROKERPICKS_DB">): Db {
  const file = config.BROKERPICKS_DB;
  try {
    return openDatabase(file);
  } catch (err) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown };
    const cannotOpen =
      (e.name === "TypeError" && typeof e.message === "string" && e.message.startsWith("Cannot open database")) ||
      (e.name === "SqliteError" &&
        typeof e.code === "string" &&
        /^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|AUTH|IOERR|CORRUPT)/.test(e.code));
    if (!cannotOpen) throw err;
    const reason = String(e.message).replace(/^Cannot open database because /, "");
    throw new ConfigError(`BROKERPICKS_DB: cannot open the database ${JSON.stringify(file)}: ${reason}`);
  }
}

/** The settings the PDF reader reads. */
export const PDF_CONFIG_KEYS = [
  "BROKERPICKS_PDF_MAX_PAGES",
  "BROKERPICKS_PDF_TIMEOUT_MS",
  "BROKERPICKS_PDF_MAX_MEMORY_MB",
  "BROKERPICKS_PDF_MAX_TEXT_CHARS",
] as const satisfies readonly ConfigKey[];

/** The PDF reader's limits as configured. */
export function pdfLimitsFromConfig(config: Pick<Config, (typeof PDF_CONFIG_KEYS)[number]>): PdfReadLimits {
  return {
    maxPages: config.BROKERPICKS_PDF_MAX_PAGES,
    timeoutMs: config.BROKERPICKS_PDF_TIMEOUT_MS,
    maxMemoryMb: config.BROKERPICKS_PDF_MAX_MEMORY_MB,
    maxTextChars: config.BROKERPICKS_PDF_MAX_TEXT_CHARS,
  };
}

/** Parses "NAME=SYMBOL,NAME2=SYMBOL2" into a map; a malformed entry is an error, not ignored. */
export function parseBenchmarkMap(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) {
      throw new ConfigError(`BROKERPICKS_BENCHMARKS: expected NAME=SYMBOL, got "${part}"`);
    }
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
