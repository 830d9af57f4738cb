import type { Stats } from "node:fs";
import { lstat, readdir, readlink, stat } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";
import { notUtf8Name } from "./printable.js";

/** Extensions read as report text. */
export const TEXT_EXTENSIONS = new Set([".txt", ".md", ".text", ".markdown"]);
/** Extensions of report files: text and PDF. What a file holds is told by its bytes, not its name. */
export const REPORT_EXTENSIONS = new Set([...TEXT_EXTENSIONS, ".pdf"]);

/** Why an entry of a folder was not read. Each is counted in a run's summary. */
export type SkipReason =
  | "hidden"
  | "dangling-link"
  | "link-loop"
  | "link-to-folder"
  | "not-a-regular-file"
  | "unreadable"
  | "name-not-utf8"
  | "same-file";

/** A report file found by the walk, with the size and time it had then. */
export interface WalkedFile {
  path: string;
  /** As the user knows it: relative to the folder given, or the file's name. Not escaped. */
  shown: string;
  size: number;
  mtimeMs: number;
}

export interface SkippedEntry {
  path: string;
  shown: string;
  reason: SkipReason;
  /** What it is, as the summary counts it: "dangling link", "named pipe", "link to a character device"… */
  what: string;
  /** Why it was not read, for a person. */
  detail: string;
}

/** A file or folder given by the user that cannot be read at all. */
export interface UnreadableInput {
  input: string;
  /** The input is not there (ENOENT). */
  missing: boolean;
  message: string;
}

export interface Walk {
  files: WalkedFile[];
  skipped: SkippedEntry[];
  unreadable: UnreadableInput[];
}

const WHAT: Record<Exclude<SkipReason, "not-a-regular-file">, string> = {
  hidden: "hidden",
  "dangling-link": "dangling link",
  "link-loop": "link loop",
  "link-to-folder": "link to a folder",
  unreadable: "unreadable",
  "name-not-utf8": "name not UTF-8",
  "same-file": "same file twice",
};

const isReportName = (name: string) => REPORT_EXTENSIONS.has(extname(name).toLowerCase());

/**
 * Every report file under the given files and folders, walked without following anything that
 * could hang, loop or escape: folders are entered where they are (a link to a folder is not
 * followed), a symbolic link is followed only when it ends at a regular file, and each file is
 * taken once however many links or names lead to it. Whatever is not taken but may have been
 * meant as a report (a hidden report or folder, a dangling link, a link loop, a named pipe, a
 * device, an entry that cannot be read) is listed with its reason; other files (pictures,
 * spreadsheets) are passed over. One bad entry never stops the walk: only a given input that
 * cannot be read at all is unreadable. Files given by name are taken as they are (the reader
 * refuses what is not a regular file).
 */
export async function walkReportFiles(inputs: readonly string[]): Promise<Walk> {
  const taken: (WalkedFile & { key: string; viaLink: boolean })[] = [];
  const skipped: SkippedEntry[] = [];
  const unreadable: UnreadableInput[] = [];
  const foldersSeen = new Set<string>();

  const skip = (path: string, shown: string, reason: SkipReason, detail: string, what?: string) =>
    skipped.push({ path, shown, reason, what: what ?? WHAT[reason as keyof typeof WHAT], detail });
  const take = (path: string, shown: string, info: Stats, viaLink: boolean) =>
    taken.push({ path, shown, size: info.size, mtimeMs: info.mtimeMs, key: `${info.dev}:${info.ino}`, viaLink });

  async function walkFolder(dir: string, root: string, info: Stats): Promise<void> {
    // A folder reached twice (a bind mount) is walked once.
    const key = `${info.dev}:${info.ino}`;
    if (foldersSeen.has(key)) return;
    foldersSeen.add(key);
    const entries = await readdir(dir, { withFileTypes: true, encoding: "buffer" });
    const named = entries.map((e) => ({ e, bad: notUtf8Name(e.name), name: e.name.toString("utf8") }));
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { e, bad, name } of named) {
      const path = join(dir, name);
      const shown = relative(root, path);
      if (bad !== null) {
        skip(path, join(relative(root, dir), bad), "name-not-utf8", "the name is not UTF-8: rename it to read it");
        continue;
      }
      if (name.startsWith(".")) {
        if (e.isDirectory()) skip(path, shown, "hidden", "a hidden folder (its name starts with a dot): not read");
        else if (isReportName(name))
          skip(path, shown, "hidden", "a hidden file (its name starts with a dot): not read");
        continue;
      }
      await walkEntry(path, shown, name, root);
    }
  }

  async function walkEntry(path: string, shown: string, name: string, root: string): Promise<void> {
    let info: Stats;
    try {
      info = await lstat(path);
    } catch (err) {
      // Gone since the folder was listed: nothing to say.
      if (errCode(err) !== "ENOENT") skip(path, shown, "unreadable", errMessage(err));
      return;
    }
    if (info.isDirectory()) {
      try {
        await walkFolder(path, root, info);
      } catch (err) {
        skip(path, shown, "unreadable", `the folder cannot be read: ${errMessage(err)}`);
      }
    } else if (info.isFile()) {
      if (isReportName(name)) take(path, shown, info, false);
    } else if (info.isSymbolicLink()) {
      await walkLink(path, shown, name);
    } else if (isReportName(name)) {
      skip(path, shown, "not-a-regular-file", `a ${kindOf(info)}, not a file: not read`, kindOf(info));
    }
  }

  async function walkLink(path: string, shown: string, name: string): Promise<void> {
    const target = await readlink(path).catch(() => "?");
    let info: Stats;
    try {
      info = await stat(path);
    } catch (err) {
      const code = errCode(err);
      if (code === "ENOENT" || code === "ENOTDIR") {
        skip(path, shown, "dangling-link", `the link leads to ${target}, which does not exist`);
      } else if (code === "ELOOP") {
        skip(path, shown, "link-loop", `the link leads back to itself (a loop through ${target})`);
      } else {
        skip(path, shown, "unreadable", `the link to ${target} cannot be followed: ${errMessage(err)}`);
      }
      return;
    }
    if (info.isDirectory()) {
      skip(path, shown, "link-to-folder", `the link leads to the folder ${target}: links to folders are not followed`);
    } else if (info.isFile()) {
      if (isReportName(name)) take(path, shown, info, true);
    } else if (isReportName(name)) {
      const kind = kindOf(info);
      skip(
        path,
        shown,
        "not-a-regular-file",
        `the link leads to ${target}, a ${kind}, not a file`,
        `link to a ${kind}`,
      );
    }
  }

  for (const input of inputs) {
    let info: Stats;
    try {
      info = await stat(input);
    } catch (err) {
      const code = errCode(err);
      unreadable.push({
        input,
        missing: code === "ENOENT",
        message:
          code === "ENOENT" ? "no such file or folder" : code === "ELOOP" ? "a symbolic link loop" : errMessage(err),
      });
      continue;
    }
    if (info.isDirectory()) {
      try {
        await walkFolder(input, input, info);
      } catch (err) {
        unreadable.push({ input, missing: false, message: `the folder cannot be read: ${errMessage(err)}` });
      }
    } else {
      take(input, basename(input), info, false);
    }
  }

  // A file reached by several names is read once: by its own name when one of them is that.
  const chosen = new Map<string, (typeof taken)[number]>();
  for (const f of taken) {
    const first = chosen.get(f.key);
    if (!first || (first.viaLink && !f.viaLink)) chosen.set(f.key, f);
  }
  const files: WalkedFile[] = [];
  for (const f of taken) {
    const keep = chosen.get(f.key);
    if (keep === f) files.push({ path: f.path, shown: f.shown, size: f.size, mtimeMs: f.mtimeMs });
    else skip(f.path, f.shown, "same-file", `the same file as ${keep?.shown}: read once`);
  }
  return { files, skipped, unreadable };
}

/** What a file system entry that is not a file or folder is, in words. */
export function kindOf(info: Stats): string {
  if (info.isFIFO()) return "named pipe";
  if (info.isSocket()) return "socket";
  if (info.isCharacterDevice()) return "character device";
  if (info.isBlockDevice()) return "block device";
  return "special file";
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

function errMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}
