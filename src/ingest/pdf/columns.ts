import type { Line } from "./layout.js";

/**
 * A report's first page often has a sidebar beside the text (rating, analysts, market data,
 * related research). Producers draw the main column first and the sidebar after it, so in
 * drawing order the sidebar lands between the page's last line of text and the next page's
 * first, in the middle of a sentence (and sometimes of a company name). When a page's lines
 * fall into a run of main text followed by a narrower run standing entirely beside it, the
 * sidebar is moved before the main text, where a report's header items belong. A full-width
 * title above both stays first.
 */

/** At least this many lines make a column. */
const MIN_LINES = 3;

interface Extent {
  x: number;
  end: number;
}

function extentOf(lines: readonly Line[], from: number, to: number): Extent {
  let x = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    for (const c of lines[i]!.cells) {
      x = Math.min(x, c.x);
      end = Math.max(end, c.end);
    }
  }
  return { x, end };
}

function beside(a: Extent, b: Extent, gap: number): boolean {
  return a.end + gap <= b.x || b.end + gap <= a.x;
}

export function sidebarFirst(lines: Line[]): Line[] {
  const n = lines.length;
  if (n < 2 * MIN_LINES) return lines;
  const gap = Math.min(...lines.map((l) => l.size));
  for (let s = n - MIN_LINES; s >= MIN_LINES; s--) {
    const side = extentOf(lines, s, n);
    // The main run: the longest stretch before s standing beside the sidebar.
    let p = s;
    while (p > 0 && beside(extentOf(lines, p - 1, p), side, gap)) p--;
    if (s - p < MIN_LINES) continue;
    const main = extentOf(lines, p, s);
    if (side.end - side.x >= main.end - main.x) continue;
    return [...lines.slice(0, p), ...lines.slice(s), ...lines.slice(p, s)];
  }
  return lines;
}
