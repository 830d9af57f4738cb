import { createReadStream } from "node:fs";

/** Reads a file once so that the first measured reader does not pay for a cold page cache. */
export async function warmFile(file: string): Promise<void> {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })) {
    // Reading is the point.
  }
}
