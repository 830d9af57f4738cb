import { decodeReportBytes } from "../ingest/decode.js";
import { failed, type IngestDeps, type IngestOutcome, ingestFileBytes, ingestText } from "../ingest/ingest.js";
import { isPdf } from "../ingest/pdf/read.js";

/** The write side of reports as the API uses it: ingest one report, then score its new picks. */
export interface ReportIngestion {
  /** A report given as text. */
  ingestReport(text: string, fileName: string | null): Promise<IngestOutcome>;
  /** A report file's bytes: PDF or text in any supported encoding. */
  ingestReportFile(bytes: Uint8Array, fileName: string | null): Promise<IngestOutcome>;
}

export interface ReportIngestionDeps extends IngestDeps {
  /**
   * Called after a new report was stored, with its outcome (the composition root scores its
   * picks here, and fetches prices for those without).
   */
  afterStored: (stored: IngestOutcome) => void;
}

export function reportIngestion(deps: ReportIngestionDeps): ReportIngestion {
  const { afterStored, ...ingest } = deps;
  const done = (outcome: IngestOutcome): IngestOutcome => {
    if (outcome.status === "stored") afterStored(outcome);
    return outcome;
  };
  return {
    ingestReport: async (text, fileName) => done(ingestText(ingest, text, fileName ?? "upload.txt")),
    ingestReportFile: async (bytes, fileName) =>
      done(await ingestFileBytes(ingest, bytes, fileName ?? (isPdf(bytes) ? "upload.pdf" : "upload.txt"))),
  };
}

/**
 * Ingests uploaded bytes through whichever service is wired: the bytes-based one, or (for
 * services wired for text only) the text one after decoding here, so text uploads still work.
 */
export async function ingestUpload(
  services: Pick<ReportIngestion, "ingestReport"> & Partial<Pick<ReportIngestion, "ingestReportFile">>,
  bytes: Uint8Array,
  fileName: string | null,
): Promise<IngestOutcome> {
  if (services.ingestReportFile) return services.ingestReportFile(bytes, fileName);
  let decoded: { text: string; encoding: string };
  try {
    decoded = decodeReportBytes(bytes);
  } catch (err) {
    return failed(fileName ?? "upload.txt", err);
  }
  const outcome = await services.ingestReport(decoded.text, fileName);
  return outcome.status === "failed" ? outcome : { ...outcome, encoding: decoded.encoding };
}
