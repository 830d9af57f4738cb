import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { IngestError } from "../decode.js";
import type { PageText, PlacedText } from "./layout.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let pdfjs: Promise<PdfJs> | null = null;

/** pdfjs is large and only PDFs need it: it is loaded the first time a PDF is read. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

/** pdfjs's own data: the Adobe CMaps Chinese PDFs with non-embedded fonts (STSong, UniGB-UCS2-H) need. */
function dataDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("pdfjs-dist/package.json"));
}

/**
 * Whether the bytes are a PDF: "%PDF-" within the first 1024 bytes, as readers accept it. Before
 * it there may be white space or binary junk (control bytes, as some producers leave), never
 * text: a text file that quotes "%PDF-1.7" near its start is still a text.
 */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  const at = head.indexOf("%PDF-");
  if (at === -1) return false;
  const prefix = head.subarray(0, at);
  const blank = prefix.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b === 0x20 || b >= 0xbb);
  const binary = prefix.some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
  return (
    at === 0 ||
    binary ||
    (blank &&
      prefix
        .toString("utf8")
        .trim()
        .replace(/^\uFEFF/, "") === "")
  );
}

export interface PdfContent {
  pages: PageText[];
}

/** What one reading may hold; past a limit the PDF is refused with a reason. */
export interface PdfTextLimits {
  /** Pages in the document (its page count is checked before any page is read). */
  maxPages: number;
  /** Characters of text over all pages. */
  maxTextChars: number;
}

/**
 * The positioned text of every page. Encrypted, damaged and non-PDF input is refused with a
 * reason, and so is a document past a limit (too-many-pages, too-large).
 */
export async function readPdfText(
  bytes: Uint8Array,
  limits: PdfTextLimits = { maxPages: Number.POSITIVE_INFINITY, maxTextChars: Number.POSITIVE_INFINITY },
): Promise<PdfContent> {
  const lib = await loadPdfJs();
  const dir = dataDir();
  const task = lib.getDocument({
    // pdfjs takes ownership of (and detaches) the buffer it is given: it gets a copy.
    data: new Uint8Array(bytes),
    // Node builds read these with fs, so they are plain paths.
    cMapUrl: `${join(dir, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(dir, "standard_fonts")}/`,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    throw pdfError(err);
  }
  try {
    if (doc.numPages > limits.maxPages) {
      throw new IngestError(
        "too-many-pages",
        `the PDF has ${doc.numPages} pages; PDF reports are limited to ${limits.maxPages} pages`,
      );
    }
    const pages: PageText[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const view = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PlacedText[] = [];
      for (const it of content.items) {
        if (!("str" in it)) continue;
        const [a, b, c, d, x, y] = it.transform as number[];
        // Rotated text is a watermark or a margin note, not part of the reading flow.
        if (Math.abs(b ?? 0) > 1e-3 * Math.abs(a ?? 1) || Math.abs(c ?? 0) > 1e-3 * Math.abs(d ?? 1)) continue;
        chars += it.str.length;
        if (chars > limits.maxTextChars) {
          throw new IngestError(
            "too-large",
            `the PDF holds more than ${limits.maxTextChars} characters of text (by page ${n}); PDF reports are limited to ${limits.maxTextChars}`,
          );
        }
        items.push({
          str: it.str,
          x: x ?? 0,
          y: y ?? 0,
          width: it.width,
          size: Math.abs(d ?? 0) || it.height,
          eol: it.hasEOL,
        });
      }
      pages.push({ width: view.width, height: view.height, items });
      page.cleanup();
    }
    return { pages };
  } catch (err) {
    throw pdfError(err);
  } finally {
    await doc.destroy();
  }
}

function pdfError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const e = err as { name?: string; message?: string };
  if (e.name === "PasswordException") {
    return new IngestError("pdf-encrypted", "the PDF is password-protected: save an unprotected copy");
  }
  return new IngestError("pdf-damaged", `the PDF could not be read: ${e.message ?? String(err)}`);
}
