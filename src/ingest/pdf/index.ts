import { IngestError } from "../decode.js";
import { closeCjkSpacing, foldPdfCharacters } from "./chars.js";
import { sidebarFirst } from "./columns.js";
import { removePageFurniture } from "./furniture.js";
import { type Line, lineText, type PageText, pageLines } from "./layout.js";
import { type PdfTextLimits, readPdfText } from "./read.js";

export { isPdf } from "./read.js";

export interface PdfText {
  text: string;
  pages: number;
  /** Running headers, footers and page numbers left out, as printed. */
  furniture: string[];
}

/**
 * A PDF's text as the extractor wants it: lines in reading order (a first-page sidebar before
 * the text it stands beside), running headers and footers gone, wrapped and hyphenated cells joined, radicals and compatibility characters folded and
 * the spaces PDF puts into Chinese text dropped. A PDF without any text (a scan) is refused:
 * there is nothing to read without OCR.
 */
export async function pdfToText(bytes: Uint8Array, limits?: PdfTextLimits): Promise<PdfText> {
  const { pages } = await readPdfText(bytes, limits);
  return pagesToText(pages);
}

/** The pure part of pdfToText, from the positioned text of each page. */
export function pagesToText(pages: readonly PageText[]): PdfText {
  const chars = pages.reduce((n, p) => n + p.items.reduce((m, it) => m + it.str.trim().length, 0), 0);
  if (chars === 0) {
    throw new IngestError(
      "no-text-layer",
      `the PDF has no text layer (${pages.length} page${pages.length === 1 ? "" : "s"} of images, e.g. a scan): run OCR on it first`,
    );
  }
  // Characters are folded first, so that layout and furniture see 网, not the radical ⽹.
  const folded = pages.map((p) => ({ ...p, items: p.items.map((it) => ({ ...it, str: foldPdfCharacters(it.str) })) }));
  const { pages: cleaned, removed } = removePageFurniture(folded.map(pageLines));
  const text = cleaned.map((lines) => pageText(sidebarFirst(lines))).join("\n");
  return { text: closeCjkSpacing(text).trim(), pages: pages.length, furniture: removed };
}

function pageText(lines: readonly Line[]): string {
  return lines.map(lineText).join("\n");
}
