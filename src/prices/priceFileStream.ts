import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import iconv from "iconv-lite";
import type { BarBatch } from "../domain/barBatch.js";
import { type CsvOptions, PriceCsvParser } from "./csv.js";

/** Bytes read (and inflated) at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A price file's text in pieces of about a megabyte, each ending at a line break (but the
 * last): gunzipped when the name ends in .gz, UTF-8 while the bytes are valid UTF-8, else
 * GB18030 (a superset of GBK) from that piece on. A line break is never part of a multi-byte
 * character in either encoding, so each piece decodes on its own.
 */
export async function* priceFileText(path: string): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let input: AsyncIterable<Buffer> = file;
  if (path.toLowerCase().endsWith(".gz")) {
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    file.on("error", (err) => gunzip.destroy(err));
    input = file.pipe(gunzip);
  }
  let gb18030 = false;
  const decode = (bytes: Buffer): string => {
    if (!gb18030 && isUtf8(bytes)) return bytes.toString("utf8");
    gb18030 = true;
    return iconv.decode(bytes, "gb18030", { stripBOM: false });
  };
  let pending: Buffer | null = null;
  for await (const chunk of input) {
    const bytes: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    const cut = bytes.lastIndexOf(10);
    if (cut === -1) {
      pending = bytes;
      continue;
    }
    pending = cut + 1 < bytes.length ? Buffer.from(bytes.subarray(cut + 1)) : null;
    yield decode(bytes.subarray(0, cut + 1));
  }
  if (pending) yield decode(pending);
}

export interface BatchedReadOptions extends CsvOptions {
  batchRows: number;
  keepProblems: number;
}

/**
 * Reads a price file from disk as a stream and hands its good rows to `onBatch` in batches of
 * `batchRows`. Memory stays bounded whatever the file's size. When a kept problem is a repeated
 * (symbol, date), the file is read a second time to name the line of the first one.
 */
export async function readPriceFileInBatches(
  path: string,
  opts: BatchedReadOptions,
  onBatch: (batch: BarBatch) => void,
): Promise<PriceCsvParser> {
  const parser = new PriceCsvParser(path, { ...opts, onBatch });
  for await (const text of priceFileText(path)) parser.write(text);
  parser.end();
  const wanted = parser.pendingDuplicates;
  if (wanted.size > 0) {
    const locator = new PriceCsvParser(path, { ...opts, onBatch: () => {} }).locate(wanted);
    for await (const text of priceFileText(path)) locator.write(text);
    locator.end();
    parser.resolveDuplicates(wanted);
  }
  return parser;
}
