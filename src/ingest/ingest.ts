import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import type { ExtractedReport, SecurityResolver } from "../domain/types.js";
import { extractReport } from "../extract/index.js";
import type { Db } from "../store/database.js";
import { ReportsRepo } from "../store/reports.js";
import { decodeReportBytes, IngestError, MAX_REPORT_BYTES } from "./decode.js";

export type IngestOutcome =
  | { status: "stored"; file: string; reportId: number; encoding: string; extraction: ExtractedReport }
  | { status: "duplicate"; file: string; reportId: number; encoding: string; extraction: ExtractedReport }
  | { status: "failed"; file: string; error: { code: IngestError["code"]; message: string } };

export interface IngestDeps {
  db: Db;
  resolver: SecurityResolver;
  now: () => Date;
  /** Extract and report, but write nothing. */
  dryRun?: boolean;
}

/** Extensions read as report text. */
export const TEXT_EXTENSIONS = new Set([".txt", ".md", ".text", ".markdown"]);

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Whether an extraction carries anything a broker report has: a known broker, a rating
 * definitions section, or a licensed analyst. Text with none of them is not stored.
 */
function looksLikeReport(x: ExtractedReport): boolean {
  return x.broker.id !== "unknown" || x.ratingScales.found || x.analysts.some((a) => a.license !== null);
}

/** Extracts and stores one report text. Identical text already stored changes nothing. */
export function ingestText(deps: IngestDeps, text: string, file: string, encoding = "UTF-8"): IngestOutcome {
  const hash = sha256(text);
  const repo = new ReportsRepo(deps.db);
  let extraction: ExtractedReport;
  try {
    extraction = extractReport(text, { resolver: deps.resolver });
  } catch (err) {
    return failed(file, new IngestError("extraction-failed", `extraction failed: ${(err as Error).message}`));
  }
  const existing = repo.idBySha(hash);
  if (existing !== null) return { status: "duplicate", file, reportId: existing, encoding, extraction };
  if (!looksLikeReport(extraction)) {
    return failed(
      file,
      new IngestError("not-a-report", "no broker, rating definitions or licensed analyst found: not a broker report"),
    );
  }
  const reportId = deps.dryRun
    ? 0
    : repo.insert({ extraction, text, sha256: hash, fileName: file, ingestedAt: deps.now().toISOString() });
  return { status: "stored", file, reportId, encoding, extraction };
}

/** Reads, decodes, extracts and stores one file. Never throws for a bad file: the outcome says why. */
export async function ingestFile(deps: IngestDeps, path: string): Promise<IngestOutcome> {
  const file = basename(path);
  try {
    const ext = extname(path).toLowerCase();
    if (!TEXT_EXTENSIONS.has(ext)) {
      throw new IngestError(
        "unsupported-format",
        `${ext || "files without an extension"} is not a report format (txt, md)`,
      );
    }
    const info = await stat(path);
    if (info.size > MAX_REPORT_BYTES) {
      throw new IngestError(
        "too-large",
        `file is ${(info.size / 1024 / 1024).toFixed(1)} MB; reports are limited to 5 MB`,
      );
    }
    const { text, encoding } = decodeReportBytes(await readFile(path));
    return ingestText(deps, text, file, encoding);
  } catch (err) {
    return failed(file, err);
  }
}

/** Every report file under the given files and folders (folders are walked recursively), sorted. */
export async function collectReportFiles(inputs: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  async function walk(path: string): Promise<void> {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const e of entries) {
        if (e.startsWith(".")) continue;
        const child = join(path, e);
        const childInfo = await stat(child);
        if (childInfo.isDirectory()) await walk(child);
        else if (TEXT_EXTENSIONS.has(extname(e).toLowerCase())) files.push(child);
      }
    } else {
      files.push(path);
    }
  }
  for (const input of inputs) {
    try {
      await walk(input);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") missing.push(input);
      else throw err;
    }
  }
  return { files, missing };
}

function failed(file: string, err: unknown): IngestOutcome {
  if (err instanceof IngestError) return { status: "failed", file, error: { code: err.code, message: err.message } };
  const e = err as NodeJS.ErrnoException;
  return {
    status: "failed",
    file,
    error: { code: "unreadable", message: e.code ? `${e.code}: ${e.message}` : String(e.message ?? err) },
  };
}
