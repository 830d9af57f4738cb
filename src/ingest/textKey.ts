import { createHash } from "node:crypto";
import { normalizeText } from "../extract/text/normalize.js";

/**
 * A report's text reduced to what does not change between two copies of it: a PDF and its text
 * export, two downloads, a copy re-saved with other line breaks. Widths and traditional forms
 * are folded as the extractor folds them; every white space, punctuation mark and symbol is
 * dropped (PDF readers and text exports disagree on spaces, line breaks, tab stops, quotes and
 * dashes); so are the page furniture phrases a text copy may keep at each page break while a
 * PDF's reader takes them out (the disclaimer line, "第 2 页 共 10 页"). Two reports of the same
 * broker and date whose keys are equal are the same report.
 *
 * Running headers that name the broker or the report type are not taken out: they are ordinary
 * words, and telling them from the report's own text needs the page layout, which a text file
 * has lost. A text copy that kept them is stored as a report of its own.
 */
export function reportTextKey(text: string): string {
  const folded = normalizeText(text).replace(FURNITURE, "").replace(NOISE, "");
  return createHash("sha256").update(folded).digest("hex");
}

/** The disclaimer footer brokers print on every page, and page numbers written out. */
const FURNITURE = new RegExp(
  [
    String.raw`请务必阅读[^\n。]{0,20}?(?:免责(?:声明|条款)|重要声明|声明|信息披露)(?:部分|及其项下所有内容)?`,
    String.raw`第\s*\d{1,4}\s*页(?:\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?`,
    String.raw`共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页`,
    String.raw`\bpage\s*\d{1,4}(?:\s*of\s*\d{1,4})?\b`,
  ].join("|"),
  "giu",
);

const NOISE = /[\s\p{P}\p{S}]+/gu;
