import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import { BarsRepo } from "../store/bars.js";
import type { Db } from "../store/database.js";
import type { CsvLayout, CsvOptions, RowProblem } from "./csv.js";
import { listPriceFiles, readPriceFile } from "./csvSource.js";

export interface FileImport {
  file: string;
  layout: CsvLayout;
  rows: number;
  symbols: number;
  /** Rows inserted or changed. */
  written: number;
  problems: RowProblem[];
}

export interface ImportReport {
  files: FileImport[];
  rows: number;
  symbols: number;
  written: number;
  problems: RowProblem[];
  /** Symbols that got new or changed bars. */
  changedSymbols: string[];
}

/**
 * Loads price files (one file or a folder) into the store: each symbol of each file in one
 * transaction, good rows kept, bad rows reported with their line numbers.
 */
export function importPriceFiles(
  db: Db,
  path: string,
  opts: CsvOptions & { source?: string; logger?: Logger } = {},
): ImportReport {
  const log = opts.logger ?? silentLogger;
  const bars = new BarsRepo(db);
  const report: ImportReport = { files: [], rows: 0, symbols: 0, written: 0, problems: [], changedSymbols: [] };
  const symbols = new Set<string>();
  const changed = new Set<string>();
  for (const file of listPriceFiles(path)) {
    const parsed = readPriceFile(file, opts);
    let written = 0;
    for (const [symbol, list] of parsed.bars) {
      const n = bars.writeSymbol(symbol, list, opts.source ?? "csv");
      written += n;
      symbols.add(symbol);
      if (n > 0) changed.add(symbol);
    }
    report.files.push({
      file: parsed.file,
      layout: parsed.layout,
      rows: parsed.rows,
      symbols: parsed.bars.size,
      written,
      problems: parsed.problems,
    });
    report.rows += parsed.rows;
    report.written += written;
    report.problems.push(...parsed.problems);
    log.info(
      { file: parsed.file, layout: parsed.layout, rows: parsed.rows, written, problems: parsed.problems.length },
      "price file imported",
    );
  }
  report.symbols = symbols.size;
  report.changedSymbols = [...changed].sort();
  return report;
}
