import chardet from "chardet";
import iconv from "iconv-lite";

/** Why a file could not become a report. Each code is shown to the user with its message. */
export type IngestErrorCode =
  | "empty"
  | "binary"
  | "too-large"
  | "too-many-pages"
  | "timeout"
  | "undecodable"
  | "not-a-report"
  | "unsupported-format"
  | "extraction-failed"
  | "unreadable"
  | "not-a-regular-file"
  | "no-text-layer"
  | "pdf-encrypted"
  | "pdf-damaged";

export class IngestError extends Error {
  override name = "IngestError";
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export interface DecodedText {
  text: string;
  encoding: string;
}

const GB_FAMILY = new Set(["GB18030", "GBK", "GB2312", "EUC-CN"]);

/**
 * Turns a report file's bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, and the
 * GB18030/GBK and Big5 encodings Chinese files often come in. Empty, binary and oversized input
 * is refused with a clear error rather than decoded into noise.
 */
export function decodeReportBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length > MAX_REPORT_BYTES) {
    throw new IngestError(
      "too-large",
      `file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; reports are limited to ${MAX_REPORT_BYTES / 1024 / 1024} MB`,
    );
  }
  const decoded = decodeByBomOrGuess(bytes);
  if (decoded.text.trim().length === 0) throw new IngestError("empty", "file has no text");
  if (looksBinary(decoded.text)) {
    throw new IngestError("binary", "file is binary, not text (control characters or NUL bytes)");
  }
  return decoded;
}

function decodeByBomOrGuess(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString("utf8"), encoding: "UTF-8" };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), "utf16le"), encoding: "UTF-16LE" };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), "utf16be"), encoding: "UTF-16BE" };
  if (buf.includes(0)) throw new IngestError("binary", "file is binary, not text (NUL bytes)");
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "UTF-8" };
  } catch {
    // Not UTF-8: fall through to detection.
  }
  const guess = chardet.detect(buf)?.toUpperCase() ?? null;
  if (guess === "BIG5") return checked(iconv.decode(buf, "big5"), "Big5");
  if (guess === null || GB_FAMILY.has(guess) || guess.startsWith("ISO-8859") || guess.startsWith("WINDOWS-125")) {
    // Single-byte guesses for Chinese bytes are usually wrong; GB18030 covers GBK and GB2312.
    return checked(iconv.decode(buf, "gb18030"), "GB18030");
  }
  if (iconv.encodingExists(guess)) return checked(iconv.decode(buf, guess), guess);
  throw new IngestError("undecodable", `text encoding ${guess} is not supported; save the file as UTF-8`);
}

function checked(text: string, encoding: string): DecodedText {
  const bad = countMatches(text, /\uFFFD/g);
  if (bad > Math.max(8, text.length / 200)) {
    throw new IngestError("undecodable", `text is neither UTF-8 nor ${encoding} (${bad} undecodable characters)`);
  }
  return { text, encoding };
}

function looksBinary(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  // Control characters other than tab, newline, carriage return and form feed.
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) controls++;
  }
  return controls > Math.max(4, sample.length / 100);
}

function countMatches(text: string, re: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}
