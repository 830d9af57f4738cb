import { createReadStream, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createGunzip } from "node:zlib";
import type { Bar } from "../../src/domain/types.js";
import { projectRoot } from "../../src/paths.js";

/** The whole-market file the benchmarks run on, unless --market-file or BROKERPICKS_BENCH_MARKET_FILE says otherwise. */
export const DEFAULT_MARKET_FILE = join(
  projectRoot,
  "..",
  "shared",
  "data",
  "prices",
  "cn-a-daily-qfq-2024-2025.csv.gz",
);

/**
 * The 2018–2022 whole-market file (4.24 M rows) the import benchmark reads: the one beside the
 * market file, so one folder of shared data serves every group.
 */
export function importFileBeside(marketFile: string): string {
  return join(dirname(marketFile), "cn-a-daily-2018-2022.csv.gz");
}

/** The seed snapshot: the whole-market file has no index bars, the benchmarks come from here. */
export const SEED_PRICES = join(projectRoot, "seeds", "prices", "seed-prices.csv");

/** Index bars the market store needs next to the stocks: CSI 300 (A calendar and benchmark), Hang Seng. */
export const INDEX_SYMBOLS = ["000300.SS", "^HSI"] as const;

export interface SymbolBars {
  symbol: string;
  bars: Bar[];
}

const COLUMNS = ["symbol", "date", "open", "high", "low", "close", "adjclose", "volume"] as const;

function num(s: string | undefined): number | null {
  if (s === undefined || s === "") return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

class LineParser {
  private index: number[] | null = null;

  /** A row as a bar and its symbol, or null for the header and unusable rows. */
  row(line: string): { symbol: string; bar: Bar } | null {
    const f = line.split(",");
    if (this.index === null) {
      const header = f.map((h) => h.trim().toLowerCase());
      this.index = COLUMNS.map((c) => header.indexOf(c));
      const missing = COLUMNS.filter((_, i) => this.index?.[i] === -1 && i !== 3 && i !== 4 && i !== 7);
      if (missing.length > 0) throw new Error(`price file lacks the columns ${missing.join(", ")} (header: ${line})`);
      return null;
    }
    const at = (i: number) => {
      const k = this.index?.[i] ?? -1;
      return k < 0 ? undefined : f[k];
    };
    const symbol = at(0);
    const date = at(1);
    const open = num(at(2));
    const close = num(at(5));
    const adjclose = num(at(6)) ?? close;
    if (!symbol || !date || close === null || adjclose === null) return null;
    return {
      symbol,
      bar: { date, open: open ?? close, high: num(at(3)), low: num(at(4)), close, adjclose, volume: num(at(7)) },
    };
  }
}

/**
 * Streams a long price file (`symbol,date,open,high,low,close,adjclose,volume`, optionally
 * gzipped, grouped by symbol as the market file is) one symbol at a time, without holding
 * 2.3 million rows at once.
 */
export async function* readBySymbol(file: string): AsyncGenerator<SymbolBars> {
  const input = createReadStream(file);
  const stream = file.endsWith(".gz") ? input.pipe(createGunzip()) : input;
  stream.setEncoding("utf8");
  const parser = new LineParser();
  let carry = "";
  let current: SymbolBars | null = null;
  const take = function* (line: string): Generator<SymbolBars> {
    const r = parser.row(line.endsWith("\r") ? line.slice(0, -1) : line);
    if (!r) return;
    if (current && current.symbol !== r.symbol) {
      yield current;
      current = null;
    }
    current ??= { symbol: r.symbol, bars: [] };
    current.bars.push(r.bar);
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = carry + chunk;
    let pos = 0;
    for (let eol = text.indexOf("\n"); eol >= 0; eol = text.indexOf("\n", pos)) {
      yield* take(text.slice(pos, eol));
      pos = eol + 1;
    }
    carry = text.slice(pos);
  }
  if (carry.length > 0) yield* take(carry);
  if (current) yield current;
}

/** The index bars of the seed snapshot (CSI 300, Hang Seng), by symbol. */
export function seedIndexBars(): Map<string, Bar[]> {
  const parser = new LineParser();
  const out = new Map<string, Bar[]>();
  for (const line of readFileSync(SEED_PRICES, "utf8").split("\n")) {
    const r = parser.row(line.replace(/\r$/, ""));
    if (!r || !(INDEX_SYMBOLS as readonly string[]).includes(r.symbol)) continue;
    const list = out.get(r.symbol) ?? [];
    list.push(r.bar);
    out.set(r.symbol, list);
  }
  return out;
}

export function marketFileExists(file: string): boolean {
  return existsSync(file);
}
