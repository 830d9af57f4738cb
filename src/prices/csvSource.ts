import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Bar, DailyBarsRequest, PriceSource } from "../domain/types.js";
import { type Logger, silentLogger } from "../logger.js";
import {
  type CsvOptions,
  decodePriceFile,
  type ParsedPriceFile,
  parsePriceCsv,
  type RowProblem,
  symbolFromFileName,
} from "./csv.js";
import { NotFoundError } from "./errors.js";

const PRICE_FILE = /\.(csv|txt)(\.gz)?$/i;

/** The price files at a path: the file itself, or the price files directly inside a folder, by name. */
export function listPriceFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => PRICE_FILE.test(f))
    .sort()
    .map((f) => join(path, f));
}

export function readPriceFile(path: string, opts: CsvOptions = {}): ParsedPriceFile {
  return parsePriceCsv(decodePriceFile(readFileSync(path), path), path, opts);
}

/**
 * Daily bars from price files on disk (a folder or one file), in either layout. Files named
 * after a security are read when that security is first asked for; other files (long layout)
 * are read once, on the first request. Bad rows are skipped and kept in `problems`.
 */
export class CsvSource implements PriceSource {
  readonly name = "csv";
  private loaded = false;
  private readonly bars = new Map<string, Map<string, Bar>>();
  private readonly perCode = new Map<string, string[]>();
  private readonly problemList: RowProblem[] = [];
  private readonly log: Logger;

  constructor(
    private readonly path: string,
    private readonly opts: CsvOptions & { logger?: Logger } = {},
  ) {
    this.log = opts.logger ?? silentLogger;
  }

  get problems(): readonly RowProblem[] {
    return this.problemList;
  }

  private merge(parsed: ParsedPriceFile): void {
    this.problemList.push(...parsed.problems);
    if (parsed.problems.length > 0) {
      this.log.warn({ file: parsed.file, problems: parsed.problems.length }, "price file has rows that were skipped");
    }
    for (const [symbol, list] of parsed.bars) {
      let byDate = this.bars.get(symbol);
      if (!byDate) {
        byDate = new Map();
        this.bars.set(symbol, byDate);
      }
      for (const b of list) byDate.set(b.date, b);
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const file of listPriceFiles(this.path)) {
      const symbol = symbolFromFileName(file);
      if (symbol) {
        const files = this.perCode.get(symbol) ?? [];
        files.push(file);
        this.perCode.set(symbol, files);
      } else {
        this.merge(readPriceFile(file, this.opts));
      }
    }
  }

  async dailyBars(req: DailyBarsRequest): Promise<Bar[]> {
    this.load();
    const files = this.perCode.get(req.symbol);
    if (files) {
      this.perCode.delete(req.symbol);
      for (const f of files) this.merge(readPriceFile(f, this.opts));
    }
    const byDate = this.bars.get(req.symbol);
    if (!byDate) throw new NotFoundError(`no price file holds ${req.symbol}`);
    return [...byDate.values()]
      .filter((b) => b.date >= req.from && b.date <= req.to)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
