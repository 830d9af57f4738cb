import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { ExtractedReport, SecurityResolver } from "../domain/types.js";
import { extractReport } from "../extract/index.js";
import type { Db } from "../store/database.js";
import { type FileFormat, IngestedFilesRepo } from "../store/ingestedFiles.js";
import { ReportsRepo } from "../store/reports.js";
import { decodeReportBytes, IngestError, MAX_REPORT_BYTES } from "./decode.js";
import { defaultPdfReader, type PdfReader } from "./pdf/pool.js";
import { isPdf } from "./pdf/read.js";
import { reportTextKey } from "./textKey.js";
import { kindOf, REPORT_EXTENSIONS } from "./walk.js";

export type IngestOutcome =
  | { status: "stored"; file: string; reportId: number; encoding: string; extraction: ExtractedReport }
  | {
      status: "duplicate";
      file: string;
      /** The stored report this file is a copy of; nothing was stored for it. */
      reportId: number;
      /** How it was recognised (see DuplicateMatch). */
      match: DuplicateMatch;
      encoding: string;
      extraction: ExtractedReport;
    }
  | { status: "failed"; file: string; error: { code: IngestError["code"]; message: string } };

/**
 * How a second copy of a stored report was recognised: `bytes`, a file already ingested;
 * `text`, the same text; `normalized`, the same broker, date and text once white space,
 * punctuation, widths, traditional forms and page furniture are set aside (reportTextKey).
 */
export type DuplicateMatch = "bytes" | "text" | "normalized";

export interface IngestDeps {
  db: Db;
  resolver: SecurityResolver;
  now: () => Date;
  /** Extract and report, but write nothing. */
  dryRun?: boolean;
  /**
   * Reads PDFs off the main thread, within limits (pool.ts); unset = the process's shared
   * reader with the default limits.
   */
  pdf?: PdfReader;
}

/** PDFs carry fonts and pictures: they may be much larger than the text they hold. */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The file a text was read from, recorded with its report so the same bytes are skipped next time. */
export interface SourceFile {
  sha256: string;
  format: FileFormat;
  bytes: number;
}

/**
 * The repositories of each open database, made once: preparing their statements for every file
 * would cost about as much as storing the report.
 */
const repos = new WeakMap<Db, { reports: ReportsRepo; files: IngestedFilesRepo }>();

function reposOf(db: Db): { reports: ReportsRepo; files: IngestedFilesRepo } {
  let r = repos.get(db);
  if (!r) {
    r = { reports: new ReportsRepo(db), files: new IngestedFilesRepo(db) };
    repos.set(db, r);
  }
  return r;
}

/**
 * Whether an extraction carries anything a broker report has: a known broker, a rating
 * definitions section, or a licensed analyst. Text with none of them is not stored.
 */
function looksLikeReport(x: ExtractedReport): boolean {
  return x.broker.id !== "unknown" || x.ratingScales.found || x.analysts.some((a) => a.license !== null);
}

/**
 * Extracts and stores one report text. A copy of a stored report (the same text, or the same
 * broker, date and normalised text: reportTextKey) stores nothing and is a `duplicate` of it.
 */
export function ingestText(deps: IngestDeps, text: string, file: string, encoding = "UTF-8"): IngestOutcome {
  return storeText(deps, text, file, encoding, null);
}

function storeText(
  deps: IngestDeps,
  text: string,
  file: string,
  encoding: string,
  source: SourceFile | null,
): IngestOutcome {
  const hash = sha256(text);
  const repo = reposOf(deps.db).reports;
  let extraction: ExtractedReport;
  try {
    extraction = extractReport(text, { resolver: deps.resolver, fileName: file });
  } catch (err) {
    return failed(file, new IngestError("extraction-failed", `extraction failed: ${(err as Error).message}`));
  }
  const existing = repo.idBySha(hash);
  if (existing !== null) return duplicate(deps, source, existing, "text", file, encoding, extraction);
  const textKey = reportTextKey(text);
  const same = repo.sameReport(
    { brokerId: extraction.broker.id, reportDate: extraction.date?.value ?? null, textKey },
    reportTextKey,
    !deps.dryRun,
  );
  if (same !== null) return duplicate(deps, source, same, "normalized", file, encoding, extraction);
  if (!looksLikeReport(extraction)) {
    return failed(
      file,
      new IngestError("not-a-report", "no broker, rating definitions or licensed analyst found: not a broker report"),
    );
  }
  if (deps.dryRun) return { status: "stored", file, reportId: 0, encoding, extraction };
  const reportId = deps.db.transaction(() => {
    const id = repo.insert({
      extraction,
      text,
      sha256: hash,
      textKey,
      fileName: file,
      ingestedAt: deps.now().toISOString(),
    });
    if (source) recordFile(deps, source, id, file, encoding);
    return id;
  })();
  return { status: "stored", file, reportId, encoding, extraction };
}

/** A copy of a stored report: nothing is stored but the file's hash, so its bytes are known next time. */
function duplicate(
  deps: IngestDeps,
  source: SourceFile | null,
  reportId: number,
  match: DuplicateMatch,
  file: string,
  encoding: string,
  extraction: ExtractedReport,
): IngestOutcome {
  if (source && !deps.dryRun) recordFile(deps, source, reportId, file, encoding);
  return { status: "duplicate", file, reportId, match, encoding, extraction };
}

function recordFile(deps: IngestDeps, source: SourceFile, reportId: number, file: string, encoding: string): void {
  reposOf(deps.db).files.record({
    fileSha256: source.sha256,
    reportId,
    fileName: file,
    format: source.format,
    encoding,
    bytes: source.bytes,
    ingestedAt: deps.now().toISOString(),
  });
}

/** A file read and turned into text (or already answered), ready to be stored. */
export type PreparedFile =
  | { kind: "done"; outcome: IngestOutcome }
  | { kind: "text"; file: string; text: string; encoding: string; source: SourceFile };

/** Texts already read in this run, by file hash: a second copy of a PDF is not read again. */
export type ReadCache = Map<string, { text: string; encoding: string }>;

/**
 * Reads a report file's bytes: PDF (told by its "%PDF-" signature) or text in any encoding
 * decodeReportBytes reads. Bytes already ingested are recognised by their hash and answered
 * from the stored text, without decoding or reading the PDF again. Writes nothing.
 */
export async function prepareBytes(
  deps: IngestDeps,
  bytes: Uint8Array,
  file: string,
  cache?: ReadCache,
): Promise<PreparedFile> {
  try {
    const fileHash = sha256(bytes);
    const known = reposOf(deps.db).files.find(fileHash);
    if (known) {
      const extraction = extractReport(known.text, { resolver: deps.resolver, fileName: file });
      const outcome: IngestOutcome = {
        status: "duplicate",
        file,
        reportId: known.reportId,
        match: "bytes",
        encoding: known.encoding,
        extraction,
      };
      return { kind: "done", outcome };
    }
    const pdf = isPdf(bytes);
    const source: SourceFile = { sha256: fileHash, format: pdf ? "pdf" : "text", bytes: bytes.length };
    const read = cache?.get(fileHash) ?? (pdf ? await readPdf(deps, bytes) : decodeReportBytes(bytes));
    cache?.set(fileHash, read);
    return { kind: "text", file, text: read.text, encoding: read.encoding, source };
  } catch (err) {
    return { kind: "done", outcome: failed(file, err) };
  }
}

async function readPdf(deps: IngestDeps, bytes: Uint8Array): Promise<{ text: string; encoding: string }> {
  if (bytes.length > MAX_PDF_BYTES) throw tooLarge(bytes.length, MAX_PDF_BYTES, "PDF reports");
  // In a worker thread, within the reader's limits: a hostile PDF never holds up the event loop.
  const { text } = await (deps.pdf ?? defaultPdfReader()).read(bytes);
  return { text, encoding: "PDF" };
}

/** Reads one file from disk as prepareBytes does, refusing what is not a report format or too large. */
export async function prepareFile(deps: IngestDeps, path: string, cache?: ReadCache): Promise<PreparedFile> {
  const file = basename(path);
  try {
    const ext = extname(path).toLowerCase();
    if (!REPORT_EXTENSIONS.has(ext)) {
      throw new IngestError(
        "unsupported-format",
        `${ext || "files without an extension"} is not a report format (txt, md, pdf)`,
      );
    }
    const pdf = ext === ".pdf";
    const bytes = await readReportFile(path, pdf ? MAX_PDF_BYTES : MAX_REPORT_BYTES, pdf ? "PDF reports" : "reports");
    return await prepareBytes(deps, bytes, file, cache);
  } catch (err) {
    return { kind: "done", outcome: failed(file, err) };
  }
}

/**
 * A file's bytes, refused past `limit`. Opened without blocking (a named pipe put in the file's
 * place since the folder was walked opens at once instead of waiting for a writer), then refused
 * unless the opened file is a regular file; read until its end or until past the limit, whatever
 * size the file reports (files under /proc report 0 and may hold more than any limit).
 */
export async function readReportFile(path: string, limit: number, what = "reports"): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new IngestError("not-a-regular-file", `a ${kindOf(info)}, not a file: not read`);
    if (info.size > limit) throw tooLarge(info.size, limit, what);
    const bytes = await readPast(handle, limit);
    if (bytes.length > limit) throw tooLarge(null, limit, what);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Bytes read at a time: whole chunks, as some files under /proc refuse reads of odd sizes. */
const READ_CHUNK = 64 * 1024;

/**
 * Reads from the handle until its end or until more than `limit` bytes are read, whichever is
 * first: never more than `limit` + READ_CHUNK bytes, whatever the file holds.
 */
export async function readPast(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= limit) {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, null);
    if (bytesRead === 0) break;
    chunks.push(buf.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Extracts and stores a prepared file (synchronous, so that a folder's files can be stored in
 * one transaction). A file that fails rolls back alone.
 */
export function storePrepared(deps: IngestDeps, p: PreparedFile): IngestOutcome {
  if (p.kind === "done") return p.outcome;
  try {
    return storeText(deps, p.text, p.file, p.encoding, p.source);
  } catch (err) {
    return failed(p.file, err);
  }
}

/** Ingests a report file's bytes (PDF or text). Never throws for bad input: the outcome says why. */
export async function ingestFileBytes(deps: IngestDeps, bytes: Uint8Array, file: string): Promise<IngestOutcome> {
  return storePrepared(deps, await prepareBytes(deps, bytes, file));
}

/** Reads, decodes (or reads the PDF text of), extracts and stores one file. Never throws for a bad file. */
export async function ingestFile(deps: IngestDeps, path: string): Promise<IngestOutcome> {
  return storePrepared(deps, await prepareFile(deps, path));
}

/** `size` null: the file was read up to the limit and went on (its reported size was wrong). */
function tooLarge(size: number | null, limit: number, what: string): IngestError {
  const mb = limit / 1024 / 1024;
  const is = size === null ? `more than ${mb} MB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
  return new IngestError("too-large", `file is ${is}; ${what} are limited to ${mb} MB`);
}

/** The outcome of a file that could not be ingested, from the error that stopped it. */
export function failed(file: string, err: unknown): IngestOutcome {
  if (err instanceof IngestError) return { status: "failed", file, error: { code: err.code, message: err.message } };
  const e = err as NodeJS.ErrnoException;
  return {
    status: "failed",
    file,
    error: { code: "unreadable", message: e.code ? `${e.code}: ${e.message}` : String(e.message ?? err) },
  };
}
