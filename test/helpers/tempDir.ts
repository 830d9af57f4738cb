import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

/**
 * A fresh folder in the OS temp folder, named `<prefix>XXXXXX`, removed with all it holds once
 * it is no longer needed: asked for inside a test, when that test has finished (after its own
 * `finally` blocks and the afterEach hooks); asked for at the top of a file or in a describe
 * block, after that file's or block's tests.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test.
    afterAll(remove);
  }
  return dir;
}
