import { z } from "zod";
import type { PdfReadLimits } from "./ingest/pdf/pool.js";
import { paths } from "./paths.js";

/**
 * Every setting the service reads from the environment, parsed once at start-up.
 * Nothing else reads process.env.
 */
const ConfigSchema = z.object({
  BROKERPICKS_DB: z.string().min(1).default(paths.defaultDatabase),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Bearer token for write endpoints; unset = writes disabled. */
  BROKERPICKS_TOKEN: z.string().min(16, "BROKERPICKS_TOKEN must be at least 16 characters").optional(),
  /** Cron expression of the price update job, in BROKERPICKS_CRON_TZ. */
  BROKERPICKS_CRON: z.string().min(1).default("30 16 * * 1-5"),
  BROKERPICKS_CRON_TZ: z.string().min(1).default("Asia/Shanghai"),
  /** "off" disables the schedule (the API and manual runs still work). */
  BROKERPICKS_SCHEDULE: z.enum(["on", "off"]).default("on"),
  /** yahoo (live) or csv (files under BROKERPICKS_PRICES_DIR) for scheduled syncs. */
  BROKERPICKS_PRICE_SOURCE: z.enum(["yahoo", "csv"]).default("yahoo"),
  BROKERPICKS_PRICES_DIR: z.string().optional(),
  BROKERPICKS_PRICE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Extra benchmark mappings, e.g. "MSCI中国=MCHI,中证500=000905.SS". */
  BROKERPICKS_BENCHMARKS: z.string().optional(),
  BROKERPICKS_ENTRY: z.enum(["t1-open", "t0-close"]).default("t1-open"),
  /** A folder watched for new report files (txt, md, pdf), ingested and scored as they appear; unset = off. */
  BROKERPICKS_WATCH_DIR: z.string().min(1).optional(),
  /** Longest time between two looks at BROKERPICKS_WATCH_DIR (file-system events make it sooner), ms. */
  BROKERPICKS_WATCH_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(5000),
  /** PDFs are read in a worker thread; one with more pages is refused (too-many-pages). */
  BROKERPICKS_PDF_MAX_PAGES: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Longest time reading one PDF may take, ms (timeout). */
  BROKERPICKS_PDF_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  /** Memory reading one PDF may add to the process, MB (too-large: e.g. a stream that inflates to gigabytes). */
  BROKERPICKS_PDF_MAX_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(256),
  /** Characters of text one PDF may hold (too-large). */
  BROKERPICKS_PDF_MAX_TEXT_CHARS: z.coerce.number().int().min(1000).max(100_000_000).default(4_000_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** The PDF reader's limits as configured. */
export function pdfLimitsFromConfig(config: Config): PdfReadLimits {
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
