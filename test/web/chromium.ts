import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function hasCjkFont(): boolean {
  const format = "-f=$" + "{Status}"; // dpkg-query's own placeholder syntax
  const r = spawnSync("dpkg-query", ["-W", format, "fonts-noto-cjk"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/**
 * Debian's chromium and the Noto CJK fonts, installed with apt-get when missing (the tests run
 * as root). Returns why they cannot be had, or null when they are ready.
 */
export function ensureChromium(): string | null {
  if (existsSync(CHROMIUM) && hasCjkFont()) return null;
  const run = (args: string[]) =>
    execFileSync("apt-get", args, {
      stdio: "pipe",
      timeout: 480_000,
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  try {
    run(["update", "-qq"]);
    run(["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-noto-cjk"]);
  } catch (err) {
    return `chromium and fonts-noto-cjk could not be installed with apt-get: ${(err as Error).message.split("\n")[0]}`;
  }
  return existsSync(CHROMIUM) ? null : `apt-get finished but ${CHROMIUM} is missing`;
}

/** Headless Debian chromium with a fresh profile. */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "bp-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 900 },
    locale: "zh-CN",
  });
}
