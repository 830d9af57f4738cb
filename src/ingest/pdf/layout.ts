/**
 * Lines of a PDF page from its positioned text runs. Runs are read in the order the PDF draws
 * them (its content stream), not sorted by position: producers draw a text box, a sidebar or a
 * table cell as one stretch, so stream order keeps a sentence, or a company name wrapped inside
 * a narrow cell, together where a top-to-bottom sort would interleave two columns. Runs on one
 * baseline become one line; a wide gap between runs becomes a tab (a table's column), a narrow
 * one a space.
 */

/** One run of text as the PDF places it, in page space (y grows upwards), as pdfjs reports it. */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in page units (the run's height). */
  size: number;
  /** The producer marked a line break after this run. */
  eol: boolean;
}

export interface PageText {
  width: number;
  height: number;
  items: PlacedText[];
}

/** A stretch of a line without a column gap: a table cell or a line of prose. */
export interface Cell {
  text: string;
  x: number;
  end: number;
  /** Where the cell's last run starts: a wrapped cell continues under it. */
  lastX: number;
  /** Baseline of the cell's lowest line (a cell may wrap over several). */
  bottom: number;
}

export interface Line {
  cells: Cell[];
  /** Baseline. */
  y: number;
  size: number;
}

/** A gap this many font sizes wide separates columns: no inter-word space is a full em. */
const COLUMN_GAP = 1.0;
/** A gap this wide is a space between words (or letter-spaced characters). */
const WORD_GAP = 0.15;

export function lineText(line: Line): string {
  return line.cells.map((c) => c.text).join("\t");
}

/** The lines of a page, in the order the PDF draws them, with wrapped and hyphenated cells joined. */
export function pageLines(page: PageText): Line[] {
  return joinWrappedCells(groupLines(page.items));
}

function groupLines(items: readonly PlacedText[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  for (const it of items) {
    if (it.str.trim().length === 0) {
      if (it.eol && cur) {
        lines.push(cur);
        cur = null;
      }
      continue;
    }
    const size = it.size > 0 ? it.size : 1;
    const last: Cell | undefined = cur?.cells[cur.cells.length - 1];
    if (cur && last && onSameLine(cur, last, it, size)) {
      const gap = it.x - last.end;
      if (gap >= COLUMN_GAP * Math.max(size, cur.size)) {
        cur.cells.push(newCell(it));
      } else {
        const spaced = gap >= WORD_GAP * size && !/\s$/.test(last.text) && !/^\s/.test(it.str);
        last.text = (spaced ? `${last.text} ${it.str}` : `${last.text}${it.str}`).replace(/\s+$/, "");
        last.end = Math.max(last.end, it.x + it.width);
        // A run starts after a gap; touching pieces (a glyph from a fallback font) are one run.
        if (gap >= WORD_GAP * size) last.lastX = it.x;
      }
      cur.size = Math.max(cur.size, size);
    } else {
      if (cur) lines.push(cur);
      cur = { cells: [newCell(it)], y: it.y, size };
    }
    if (it.eol) {
      lines.push(cur);
      cur = null;
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

function newCell(it: PlacedText): Cell {
  return { text: it.str.trim(), x: it.x, end: it.x + it.width, lastX: it.x, bottom: it.y };
}

function onSameLine(line: Line, last: Cell, it: PlacedText, size: number): boolean {
  const tolerance = 0.4 * Math.max(size, line.size);
  // A run that starts well left of where the line ends is a new line (or another column).
  return Math.abs(it.y - line.y) <= tolerance && it.x >= last.end - 0.6 * size;
}

/** Ends with a hyphen right after a letter or a Chinese character: a word or cell broken at the line's end. */
const HYPHENATED = /[A-Za-z\u3400-\u9fff)）][-\u2010\u00ad]$/;
/** A wrapped name or word goes on with a letter; a number in a cell below is a value of its own. */
const CONTINUES = /^[A-Za-z\u3400-\u9fff(（]/;
/** A cell of figures or a dash (no value) is complete: nothing below continues it. */
const FIGURES = /^[-+\d.,%()\s]*$/;

/**
 * Joins text a narrow cell (or a justified line) wrapped onto the next line back into its cell.
 * The next line continues a cell when it starts just below and:
 * - the cell ends in a hyphen and the text below starts inside the cell (tech-/nology);
 * - it starts under the line's last run and that run is not where the line starts (a producer
 *   drawing a table cell by cell: 300418 昆仑 / 万维); prose lines start at the margin instead;
 * - it is a lone fragment under a later cell of a row (not its first, where prose starts too)
 *   and fits within that cell's column (a producer drawing a table row by row).
 * When the row's remaining cells follow the fragment on the row's own baseline, they are put
 * back on the row.
 */
export function joinWrappedCells(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    for (;;) {
      const next = lines[i + 1];
      if (!next) break;
      const k = continuedCell(line, next);
      if (k === -1) break;
      const cell = line.cells[k]!;
      const frag = next.cells[0]!;
      cell.text = joinFragments(cell.text, frag.text);
      cell.end = Math.max(cell.end, frag.end);
      cell.bottom = next.y;
      next.cells.shift();
      if (next.cells.length > 0) break;
      i++;
      // The rest of the row, drawn after the wrapped cell, on the row's baseline to its right.
      const rest = lines[i + 1];
      if (rest && Math.abs(rest.y - line.y) <= 0.4 * line.size && rest.cells[0]!.x >= cell.end - 0.6 * line.size) {
        line.cells.push(...rest.cells);
        i++;
      }
    }
  }
  return out.filter((l) => l.cells.length > 0);
}

/** Index of the cell of `line` that `next` continues, or -1. */
function continuedCell(line: Line, next: Line): number {
  const frag = next.cells[0];
  if (!frag || !CONTINUES.test(frag.text)) return -1;
  const slack = 0.6 * line.size;
  const lone = next.cells.length === 1;
  // Each line of a wrapped cell continues from the one just above it.
  const justBelow = (cell: Cell) => {
    const drop = cell.bottom - next.y;
    return drop > 0.4 * line.size && drop <= 2.2 * Math.max(line.size, next.size);
  };
  const lastK = line.cells.length - 1;
  const last = line.cells[lastK]!;
  if (justBelow(last)) {
    if (HYPHENATED.test(last.text) && frag.x >= last.x - slack && frag.x <= last.end) return lastK;
    const underLastRun = Math.abs(frag.x - last.lastX) <= slack && last.lastX > line.cells[0]!.x + slack;
    if (lone && underLastRun && !FIGURES.test(last.text)) return lastK;
  }
  for (let k = lastK; k > 0; k--) {
    const cell = line.cells[k]!;
    if (frag.x < cell.x - slack || frag.x > cell.end) continue;
    if (FIGURES.test(cell.text) || !justBelow(cell)) return -1;
    const columnEnd = line.cells[k + 1]?.x ?? Number.POSITIVE_INFINITY;
    const fits = frag.end <= columnEnd + slack && (lone || next.cells[1]!.x >= columnEnd - slack);
    return fits ? k : -1;
  }
  return -1;
}

/**
 * A hyphen between two lower-case letters was put there by the line break (tech-nology); any
 * other hyphen is part of the text (寒武纪-U, Sora-Turbo, 2023-2024) and stays. Chinese joins
 * without a space, Latin words with one.
 */
export function joinFragments(head: string, tail: string): string {
  if (/[-\u2010\u00ad]$/.test(head)) {
    const soft = /[a-z][-\u2010\u00ad]$/.test(head) && /^[a-z]/.test(tail);
    const stem = head.slice(0, -1);
    return soft || head.endsWith("\u00ad") ? stem + tail : `${stem}-${tail}`;
  }
  if (/[A-Za-z0-9.,;:]$/.test(head) && /^[A-Za-z0-9(]/.test(tail)) return `${head} ${tail}`;
  return head + tail;
}
