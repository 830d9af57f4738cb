import { Worker } from "node:worker_threads";
import { IngestError } from "../decode.js";
import type { PdfText } from "./index.js";
import type { ReadAnswer, ReadRequest } from "./worker.js";

/** What reading one PDF may cost; past a limit the file is refused with a reason and the reader is replaced. */
export interface PdfReadLimits {
  /** Pages in the document: too-many-pages past it, before any page is read. */
  maxPages: number;
  /** Wall-clock time for one file, ms: timeout past it. */
  timeoutMs: number;
  /** Memory the reading may add to the process, MB: too-large past it. */
  maxMemoryMb: number;
  /** Characters of text over all pages: too-large past it. */
  maxTextChars: number;
}

/** Broker reports run to 5–60 pages and a few hundred KB of text: these leave them a wide margin. */
export const DEFAULT_PDF_LIMITS: PdfReadLimits = {
  maxPages: 500,
  timeoutMs: 20_000,
  maxMemoryMb: 256,
  maxTextChars: 4_000_000,
};

export interface PdfReader {
  /** The PDF's text, or an IngestError saying why it was refused. */
  read(bytes: Uint8Array): Promise<PdfText>;
  /** Stops the reader: a reading in progress and those waiting fail; later ones too. */
  close(): Promise<void>;
}

/** How often the process's memory is looked at while a PDF is being read, ms. */
const MEMORY_CHECK_MS = 25;

interface Reading {
  bytes: Uint8Array;
  resolve: (text: PdfText) => void;
  reject: (err: Error) => void;
}

/**
 * Reads PDFs in a worker thread, one at a time (a queue: two bombs never run at once), so the
 * event loop never waits on pdfjs: the main thread only posts the bytes and awaits the answer.
 *
 * Memory is bounded by watching the process's resident size while a PDF is read, not by the
 * worker's V8 heap limit alone. pdfjs inflates a stream into a Uint8Array (DecodeStream keeps
 * the whole decoded stream), and ArrayBuffer memory lies outside the V8 heap: a 1 MB PDF whose
 * content stream inflates to 1 GB read in a worker with `resourceLimits` of 256 MB still took
 * the process to a 3.5 GB peak and was read to the end (a child process with --max-old-space-size would fare no better). So
 * the main thread samples process.memoryUsage.rss() every 25 ms and terminates the worker once
 * the reading has added more than maxMemoryMb (pdfjs inflates in JavaScript at about 100 MB/s,
 * so it is caught within a few MB of the limit; Worker.terminate() stops it mid-loop, and the
 * freed buffers go back to the system). `resourceLimits` still caps the heap itself (text items,
 * parsed objects). The resident size is the whole process's: what the main thread allocates
 * meanwhile counts too, which the limit's margin over real reports (a few tens of MB) absorbs.
 * A refused or crashed worker is replaced for the next PDF; so is one that ran
 * out of time.
 */
export class PdfReaderPool implements PdfReader {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private queue: Reading[] = [];
  private busy = false;
  private closed = false;
  private nextId = 1;
  private stopCurrent: ((err: Error) => void) | null = null;

  constructor(readonly limits: PdfReadLimits = DEFAULT_PDF_LIMITS) {}

  read(bytes: Uint8Array): Promise<PdfText> {
    if (this.closed) return Promise.reject(closedError());
    return new Promise<PdfText>((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      void this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.queue.splice(0)) r.reject(closedError());
    this.stopCurrent?.(closedError());
    await this.discardWorker();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          next.resolve(await this.readOne(next.bytes));
        } catch (err) {
          next.reject(err as Error);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async readOne(bytes: Uint8Array): Promise<PdfText> {
    const worker = await this.startedWorker();
    const id = this.nextId++;
    const { limits } = this;
    const baseline = process.memoryUsage.rss();
    worker.ref();
    try {
      return await new Promise<PdfText>((resolve, reject) => {
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearInterval(memory);
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
          this.stopCurrent = null;
          fn();
        };
        // Past a limit the worker is stopped at once (it may be deep in a loop) and replaced.
        const refuse = (err: Error) =>
          finish(() => {
            void this.discardWorker();
            reject(err);
          });
        this.stopCurrent = refuse;
        const timer = setTimeout(
          () =>
            refuse(
              new IngestError(
                "timeout",
                `reading the PDF took longer than ${limits.timeoutMs / 1000} s; PDF reports are limited to ${limits.timeoutMs / 1000} s`,
              ),
            ),
          limits.timeoutMs,
        );
        const memory = setInterval(() => {
          const added = (process.memoryUsage.rss() - baseline) / 2 ** 20;
          if (added > limits.maxMemoryMb) refuse(memoryError(limits.maxMemoryMb));
        }, MEMORY_CHECK_MS);
        const onMessage = (answer: ReadAnswer) => {
          if (answer.kind === "ready" || answer.id !== id) return;
          if (answer.kind === "text") finish(() => resolve(answer.result));
          else finish(() => reject(new IngestError(answer.code, answer.message)));
        };
        const onError = (err: Error & { code?: string }) =>
          refuse(
            err.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? memoryError(limits.maxMemoryMb)
              : new IngestError("pdf-damaged", `the PDF could not be read: ${err.message}`),
          );
        const onExit = (code: number) =>
          refuse(new IngestError("pdf-damaged", `the PDF could not be read: its reader stopped (exit code ${code})`));
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
        // A copy is handed over: the caller keeps its bytes.
        const copy = new Uint8Array(bytes);
        const request: ReadRequest = {
          id,
          bytes: copy,
          limits: { maxPages: limits.maxPages, maxTextChars: limits.maxTextChars },
        };
        worker.postMessage(request, [copy.buffer]);
      });
    } finally {
      // An idle reader does not keep the process alive (the CLI exits when its work is done).
      this.worker?.unref();
    }
  }

  /** The running worker, or a new one once it has loaded pdfjs. */
  private startedWorker(): Promise<Worker> {
    if (this.closed) return Promise.reject(closedError());
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      // worker.mjs registers tsx and loads worker.ts (a worker cannot start on a .ts file).
      const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
        execArgv: [],
        resourceLimits: {
          maxOldGenerationSizeMb: this.limits.maxMemoryMb,
          maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(this.limits.maxMemoryMb / 8))),
        },
      });
      this.worker = worker;
      // A worker that dies while idle is replaced by the next reading.
      worker.once("exit", () => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.ready = null;
      });
      const onMessage = (answer: ReadAnswer) => {
        if (answer.kind !== "ready") return;
        cleanup();
        resolve(worker);
      };
      const onFail = (err: Error | number) => {
        cleanup();
        this.worker = null;
        this.ready = null;
        if (this.closed) return reject(closedError());
        reject(
          new IngestError(
            "pdf-damaged",
            `the PDF reader could not start: ${typeof err === "number" ? `exit code ${err}` : err.message}`,
          ),
        );
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onFail);
        worker.off("exit", onFail);
      };
      worker.on("message", onMessage);
      worker.on("error", onFail);
      worker.on("exit", onFail);
    });
    return this.ready;
  }

  private async discardWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }
}

function memoryError(mb: number): IngestError {
  return new IngestError(
    "too-large",
    `reading the PDF took more than ${mb} MB of memory (a stream that inflates far beyond the file's size); PDF reports are limited to ${mb} MB`,
  );
}

function closedError(): Error {
  return new Error("the PDF reader was stopped (the service is shutting down)");
}

let shared: PdfReaderPool | null = null;

/**
 * The reader of callers that were given none (tests, one-off scripts): made with the default
 * limits on first use. The service and the CLI make their own from the configuration.
 */
export function defaultPdfReader(): PdfReader {
  shared ??= new PdfReaderPool();
  return shared;
}
