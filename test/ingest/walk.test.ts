import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { walkReportFiles } from "../../src/ingest/walk.js";
import { paths } from "../../src/paths.js";
import { noMkfifo } from "../helpers/oddEntries.js";
import { tempDir } from "../helpers/tempDir.js";

const KAIYUAN = join(paths.seedReports, "000_7c463462e07c1a1d.txt");

const skips = (w: Awaited<ReturnType<typeof walkReportFiles>>) =>
  w.skipped.map((s) => `${s.shown} ${s.reason} (${s.what})`);
const taken = (w: Awaited<ReturnType<typeof walkReportFiles>>) => w.files.map((f) => f.shown);

/** Two good reports, a.txt and b.txt. */
function folder(prefix: string): string {
  const dir = tempDir(prefix);
  copyFileSync(KAIYUAN, join(dir, "a.txt"));
  writeFileSync(join(dir, "b.md"), "# b");
  return dir;
}

describe("walking a report folder", () => {
  it("skips a dangling link and takes the files after it", async () => {
    const dir = folder("bp-walk-dangling-");
    // Sorted before the good files: the whole folder used to fail on it.
    symlinkSync(join(dir, "gone.txt"), join(dir, "0-gone.txt"));
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual(["0-gone.txt dangling-link (dangling link)"]);
    expect(w.skipped[0]?.detail).toBe(`the link leads to ${join(dir, "gone.txt")}, which does not exist`);
    expect(w.unreadable).toEqual([]);
  });

  it("counts link loops and a link to a parent folder, and does not follow them", async () => {
    const dir = folder("bp-walk-loop-");
    symlinkSync("l2.txt", join(dir, "l1.txt"));
    symlinkSync("l1.txt", join(dir, "l2.txt"));
    mkdirSync(join(dir, "sub"));
    symlinkSync("..", join(dir, "sub", "up"));
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual([
      "l1.txt link-loop (link loop)",
      "l2.txt link-loop (link loop)",
      "sub/up link-to-folder (link to a folder)",
    ]);
  });

  it("follows a link to a regular file, and takes each file once by its own name", async () => {
    const dir = folder("bp-walk-twice-");
    symlinkSync(join(dir, "b.md"), join(dir, "0-link.md"));
    symlinkSync(join(dir, "b.md"), join(dir, "z-link.md"));
    // A link to a file outside the folder is followed: it ends at a regular file.
    const outside = tempDir("bp-walk-outside-");
    copyFileSync(KAIYUAN, join(outside, "kaiyuan.txt"));
    symlinkSync(join(outside, "kaiyuan.txt"), join(dir, "k.txt"));
    const w = await walkReportFiles([dir, join(dir, "b.md")]);
    // a.txt and k.txt hold the same bytes but are two files: both are taken (the store tells copies apart).
    expect(taken(w)).toEqual(["a.txt", "b.md", "k.txt"]);
    expect(skips(w)).toEqual([
      "0-link.md same-file (same file twice)",
      "z-link.md same-file (same file twice)",
      "b.md same-file (same file twice)",
    ]);
    expect(w.skipped[0]?.detail).toBe("the same file as b.md: read once");
  });

  it("skips a named pipe and a link to a device, named as reports, with what they are", async (ctx) => {
    const unavailable = noMkfifo();
    if (unavailable) return ctx.skip(unavailable);
    const dir = folder("bp-walk-special-");
    execFileSync("mkfifo", [join(dir, "pipe.txt")]);
    symlinkSync("/dev/zero", join(dir, "zero.txt"));
    // Not named as reports: passed over like a picture.
    execFileSync("mkfifo", [join(dir, "fifo")]);
    symlinkSync("/dev/null", join(dir, "null"));
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual([
      "pipe.txt not-a-regular-file (named pipe)",
      "zero.txt not-a-regular-file (link to a character device)",
    ]);
    expect(w.skipped[1]?.detail).toBe("the link leads to /dev/zero, a character device, not a file");
  });

  it("counts hidden reports and hidden folders, not a hidden picture or system file", async () => {
    const dir = folder("bp-walk-hidden-");
    copyFileSync(KAIYUAN, join(dir, ".draft.txt"));
    mkdirSync(join(dir, ".trash"));
    copyFileSync(KAIYUAN, join(dir, ".trash", "old.txt"));
    writeFileSync(join(dir, ".DS_Store"), "x");
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual([".draft.txt hidden (hidden)", ".trash hidden (hidden)"]);
  });

  it("skips a name that is not UTF-8 with its bytes shown, and reads the rest", async () => {
    const dir = folder("bp-walk-gbk-");
    // 报告.txt named in GBK, as a Windows zip leaves it.
    writeFileSync(
      Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xb1, 0xa8, 0xb8, 0xe6]), Buffer.from(".txt")]),
      "x",
    );
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual(["\\xb1\\xa8\\xb8\\xe6.txt name-not-utf8 (name not UTF-8)"]);
  });

  it("says an unreadable subfolder is skipped, not the whole walk", async (ctx) => {
    if (process.getuid?.() === 0) return ctx.skip("running as root: a folder without permissions can still be read");
    const dir = folder("bp-walk-eacces-");
    mkdirSync(join(dir, "locked"), { mode: 0o000 });
    const w = await walkReportFiles([dir]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    expect(skips(w)).toEqual(["locked unreadable (unreadable)"]);
  });

  it("fails only a given input that is missing or a loop", async () => {
    const dir = folder("bp-walk-inputs-");
    symlinkSync("loop-b", join(dir, "loop-a"));
    symlinkSync("loop-a", join(dir, "loop-b"));
    const w = await walkReportFiles([join(dir, "nope"), join(dir, "loop-a"), dir]);
    expect(w.unreadable).toEqual([
      { input: join(dir, "nope"), missing: true, message: "no such file or folder" },
      { input: join(dir, "loop-a"), missing: false, message: "a symbolic link loop" },
    ]);
    expect(taken(w)).toEqual(["a.txt", "b.md"]);
    // Inside the folder, links that lead nowhere are counted whatever their name: they may have been meant as folders.
    expect(skips(w)).toEqual(["loop-a link-loop (link loop)", "loop-b link-loop (link loop)"]);
  });
});
