import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Why a named pipe cannot be made here, or null when `mkfifo` is there. */
export function noMkfifo(): string | null {
  const r = spawnSync("mkfifo", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? null : "mkfifo is not installed (coreutils): the named-pipe case cannot be set up";
}

/** A regular file that reports size 0 and holds far more than any report limit, or why there is none. */
export const ENDLESS_FILE = "/proc/self/pagemap";
export function noEndlessFile(): string | null {
  return existsSync(ENDLESS_FILE)
    ? null
    : `${ENDLESS_FILE} is not there (not Linux): the endless-file case cannot be set up`;
}

/** "\n" and an ESC colour sequence: a name that would forge an output line and turn the terminal red. */
export const FORGING_NAME = "evil\nSTORED     forged.txt\x1b[31mred.txt";
/** The same name as printed: escaped on one line. */
export const FORGING_NAME_SHOWN = "evil\\nSTORED     forged.txt\\x1b[31mred.txt";
