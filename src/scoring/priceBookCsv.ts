import { type PriceBook, PriceBookBuilder } from "./priceBook.js";

const REQUIRED = ["symbol", "date", "open", "close", "adjclose"] as const;

/**
 * Builds a PriceBook from a bars CSV (`symbol,date,open,high,low,close,adjclose,volume`,
 * columns found by header name, any order). A plain field split, no quoting: the price
 * files this reads never quote. Empty prices read as missing (an index's empty open is
 * taken at its close). Pure: the caller reads (and gunzips) the file.
 */
export function priceBookFromCsv(text: string): PriceBook {
  const builder = new PriceBookBuilder();
  addCsvBars(builder, text);
  return builder.build();
}

/** Adds the bars of one CSV text to a builder (several files can feed one book). */
export function addCsvBars(builder: PriceBookBuilder, text: string): number {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let eol = lineEnd(text, pos);
  const header = text
    .slice(pos, eol)
    .replace(/\r$/, "")
    .split(",")
    .map((h) => h.trim().toLowerCase());
  const col: Record<string, number> = {};
  for (const name of REQUIRED) {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`price CSV has no "${name}" column (header: ${header.join(",")})`);
    col[name] = i;
  }
  const iSymbol = col.symbol as number;
  const iDate = col.date as number;
  const iOpen = col.open as number;
  const iClose = col.close as number;
  const iAdj = col.adjclose as number;
  const last = Math.max(iSymbol, iDate, iOpen, iClose, iAdj);
  const starts = new Int32Array(header.length + 1);

  let rows = 0;
  let symbol = "";
  pos = eol + 1;
  while (pos < text.length) {
    eol = lineEnd(text, pos);
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (end > pos) {
      // Field i spans starts[i] .. starts[i + 1] - 1 (the comma excluded).
      let f = 0;
      starts[0] = pos;
      let c = pos;
      while (f < last) {
        const comma = text.indexOf(",", c);
        if (comma < 0 || comma >= end) break;
        starts[++f] = comma + 1;
        c = comma + 1;
      }
      if (f < last) throw new Error(`price CSV line has too few fields: ${text.slice(pos, end)}`);
      const next = text.indexOf(",", c);
      starts[f + 1] = (next < 0 || next >= end ? end : next) + 1;
      const field = (i: number): string => text.slice(starts[i] as number, (starts[i + 1] as number) - 1);
      // Reuse the previous symbol string when unchanged, so the builder's fast path compares one reference.
      const s0 = starts[iSymbol] as number;
      const s1 = (starts[iSymbol + 1] as number) - 1;
      if (s1 - s0 !== symbol.length || !text.startsWith(symbol, s0)) symbol = text.slice(s0, s1);
      builder.add(symbol, field(iDate), num(field(iOpen)), num(field(iClose)), num(field(iAdj)));
      rows++;
    }
    pos = eol + 1;
  }
  return rows;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf("\n", from);
  return i < 0 ? text.length : i;
}

function num(s: string): number {
  return s.length === 0 ? Number.NaN : +s;
}
