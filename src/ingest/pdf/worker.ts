/**
 * The PDF reader's thread (see pool.ts): reads one PDF at a time and answers with its text or
 * the reason it was refused. Only the final text crosses back to the main thread.
 */
import { parentPort } from "node:worker_threads";
import { IngestError } from "../decode.js";
import type { PdfText } from "./index.js";
import type { PdfTextLimits } from "./read.js";

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
  limits: PdfTextLimits;
}

export type ReadAnswer =
  | { kind: "ready" }
  | { kind: "text"; id: number; result: PdfText }
  | { kind: "refused"; id: number; code: IngestError["code"]; message: string };

const port = parentPort;
if (!port) throw new Error("the PDF reader runs in a worker thread");

// pdfjs is loaded before the first request, so that the memory it takes is not counted against
// the first PDF (the pool measures each reading from the moment it starts).
const { pdfToText } = await import("./index.js");
await import("pdfjs-dist/legacy/build/pdf.mjs");

port.on("message", async (req: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    answer = { kind: "text", id: req.id, result: await pdfToText(req.bytes, req.limits) };
  } catch (err) {
    const e = err instanceof IngestError ? err : new IngestError("pdf-damaged", String((err as Error).message ?? err));
    answer = { kind: "refused", id: req.id, code: e.code, message: e.message };
  }
  port.postMessage(answer);
});
port.postMessage({ kind: "ready" } satisfies ReadAnswer);
