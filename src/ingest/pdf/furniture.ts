import { type Line, lineText } from "./layout.js";

/**
 * Page furniture: the running header and footer a PDF repeats on every page (broker name,
 * report type, "请务必阅读正文之后的免责声明部分", page numbers). Left in, it lands in the middle
 * of sentences and tables wherever a page breaks, and its dates and names read as report
 * content. A line is furniture when, with its digits masked, it stands among the top or bottom
 * lines of at least half the pages (and at least two); a bare page number there is too.
 */

/** How many lines at the top and at the bottom of a page are looked at. */
const BAND = 3;

export interface PageLines {
  lines: Line[];
}

export interface FurnitureResult {
  pages: Line[][];
  /** The distinct furniture lines removed, as first printed. */
  removed: string[];
}

/** Digits masked and white space dropped, so "第 3 页" and "第 4 页" are one line. */
export function furnitureKey(text: string): string {
  return text.replace(/\s+/g, "").replace(/\d+/g, "#");
}

const PAGE_NUMBER =
  /^(?:[-–—\s]*#[-–—\s]*|第#页(?:[/／,，]?共#页)?|#[/／]#|(?:page|p\.?)#(?:of#)?|共#页第#页|-?#-?[/／]-?#-?)$/i;

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(furnitureKey(text));
}

/** Indexes of the lines in the top and bottom bands of a page (by position, not drawing order). */
function bandIndexes(lines: readonly Line[]): number[] {
  const order = lines.map((l, i) => ({ y: l.y, i })).sort((a, b) => b.y - a.y);
  if (order.length <= 2 * BAND) return order.map((o) => o.i);
  return [...order.slice(0, BAND), ...order.slice(-BAND)].map((o) => o.i);
}

/** Page furniture stands at the same height on every page; flowing text that repeats does not. */
const SAME_PLACE = 3;

export function removePageFurniture(pages: readonly Line[][]): FurnitureResult {
  if (pages.length < 2) return { pages: pages.map((p) => [...p]), removed: [] };
  const bands = pages.map(bandIndexes);
  const places = new Map<string, { page: number; y: number }[]>();
  const firstText = new Map<string, string>();
  pages.forEach((lines, page) => {
    for (const i of bands[page]!) {
      const line = lines[i]!;
      const text = lineText(line);
      const key = furnitureKey(text);
      if (key.length === 0) continue;
      if (!firstText.has(key)) firstText.set(key, text);
      const list = places.get(key) ?? [];
      list.push({ page, y: line.y });
      places.set(key, list);
    }
  });
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  const furniture = new Set([...places].filter(([, list]) => pagesAtOnePlace(list) >= needed).map(([k]) => k));
  const removed = new Set<string>();
  const out = pages.map((lines, p) => {
    const band = bands[p]!;
    // A bare page number is furniture only as the page's outermost line.
    const outer = new Set([band[0], band[band.length - 1]]);
    const drop = new Set<number>();
    for (const i of band) {
      const text = lineText(lines[i]!);
      const key = furnitureKey(text);
      if (furniture.has(key) || (outer.has(i) && isPageNumber(text))) {
        drop.add(i);
        removed.add(firstText.get(key) ?? text);
      }
    }
    return lines.filter((_, i) => !drop.has(i));
  });
  return { pages: out, removed: [...removed] };
}

/** The most pages on which the line stands at one height (within SAME_PLACE units). */
function pagesAtOnePlace(list: readonly { page: number; y: number }[]): number {
  let best = 0;
  for (const ref of list) {
    const pages = new Set(list.filter((o) => Math.abs(o.y - ref.y) <= SAME_PLACE).map((o) => o.page));
    best = Math.max(best, pages.size);
  }
  return best;
}
