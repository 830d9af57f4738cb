import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IngestError, MAX_REPORT_BYTES } from "../../src/ingest/decode.js";
import { readPast, readReportFile } from "../../src/ingest/ingest.js";
import { ENDLESS_FILE, noEndlessFile, noMkfifo } from "../helpers/oddEntries.js";
import { tempDir } from "../helpers/tempDir.js";

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "read";
  } catch (err) {
    return err instanceof IngestError ? `${err.code}: ${err.message}` : String(err);
  }
}

describe("reading a report file", () => {
  it("refuses a named pipe at once instead of waiting for a writer", async (ctx) => {
    const unavailable = noMkfifo();
    if (unavailable) return ctx.skip(unavailable);
    const pipe = join(tempDir("bp-read-fifo-"), "pipe.txt");
    execFileSync("mkfifo", [pipe]);
    expect(await refusal(readReportFile(pipe, MAX_REPORT_BYTES))).toBe(
      "not-a-regular-file: a named pipe, not a file: not read",
    );
  }, 10_000);

  it("refuses a device", async () => {
    expect(await refusal(readReportFile("/dev/zero", MAX_REPORT_BYTES))).toBe(
      "not-a-regular-file: a character device, not a file: not read",
    );
  });

  it("stops past the limit whatever size the file reports", async (ctx) => {
    const unavailable = noEndlessFile();
    if (unavailable) return ctx.skip(unavailable);
    // A regular file that reports size 0 and holds gigabytes.
    expect(await refusal(readReportFile(ENDLESS_FILE, MAX_REPORT_BYTES))).toBe(
      "too-large: file is more than 5 MB; reports are limited to 5 MB",
    );
    const zero = await open("/dev/zero");
    try {
      const bytes = await readPast(zero, 1024 * 1024);
      // One chunk (64 KB) past the limit at most.
      expect(bytes.length).toBe(1024 * 1024 + 64 * 1024);
    } finally {
      await zero.close();
    }
  });

  it("reads a file at the limit whole, and one byte more is too large", async () => {
    const dir = tempDir("bp-read-limit-");
    writeFileSync(join(dir, "at.txt"), Buffer.alloc(100_000, 0x41));
    writeFileSync(join(dir, "past.txt"), Buffer.alloc(100_001, 0x41));
    expect((await readReportFile(join(dir, "at.txt"), 100_000)).length).toBe(100_000);
    expect(await refusal(readReportFile(join(dir, "past.txt"), 100_000))).toMatch(/^too-large: file is 0\.1 MB; /);
  });
});
