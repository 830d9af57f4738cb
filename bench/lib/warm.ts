import { closeSync, copyFileSync, createReadStream, fsyncSync, openSync } from "node:fs";

/** Reads a file once so that the first measured reader does not pay for a cold page cache. */
export async function warmFile(file: string): Promise<void> {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })) {
    // Reading is the point.
  }
}

/**
 * Copies a file and flushes the copy to disk before returning, so that a run measured on the
 * copy does not compete with the operating system writing hundreds of megabytes back.
 */
export function copySettled(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
