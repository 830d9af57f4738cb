import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type BrowserContext, chromium } from "playwright-core";

/**
 * Debian packages the browser and PDF tests use (chromium, the Noto CJK fonts, LibreOffice),
 * installed with apt-get when missing: CI starts from a fresh machine and runs as root.
 */

const run = promisify(execFile);

export const CHROMIUM = "/usr/bin/chromium";

/** Headless chromium as the tests start it: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function debInstalled(pkg: string): boolean {
  const format = "-f=$" + "{Status}"; // dpkg-query's own placeholder, not a template literal
  const r = spawnSync("dpkg-query", ["-W", format, pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/** Another test (or person) may be running apt at the same time: its lock makes us wait and retry. */
async function aptGet(args: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (let attempt = 1; ; attempt++) {
    try {
      await run("apt-get", ["-o", "DPkg::Lock::Timeout=120", ...args], { env, timeout: 600_000 });
      return;
    } catch (err) {
      const text = `${(err as Error).message} ${(err as { stderr?: string }).stderr ?? ""}`;
      if (attempt < 6 && /lock|Could not get lock|temporarily unavailable/i.test(text)) {
        await new Promise((r) => setTimeout(r, 10_000));
        continue;
      }
      throw err;
    }
  }
}

/**
 * Installs the packages that are missing. Resolves to null when `ready()` holds afterwards,
 * else to why the tools cannot be had (the caller skips its tests with that reason).
 */
export async function ensureDebianPackages(packages: readonly string[], ready: () => boolean): Promise<string | null> {
  if (ready()) return null;
  try {
    await aptGet(["update", "-qq"]);
    const missing = packages.filter((p) => !debInstalled(p));
    if (missing.length > 0) await aptGet(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
  } catch (err) {
    return `could not install ${packages.join(", ")} with apt-get: ${(err as Error).message.split("\n")[0]}`;
  }
  return ready() ? null : `apt-get installed ${packages.join(", ")}, but the tools are still missing`;
}

/**
 * Headless Debian chromium with a fresh profile in the OS temp folder, removed by the context's
 * close(): it resolves once the browser's processes have exited (its "close" event comes while
 * they are still writing to the profile).
 */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "bp-chromium-"));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ...options,
    });
  } catch (err) {
    removeProfile();
    throw err;
  }
  const close = context.close.bind(context);
  context.close = async (closeOptions) => {
    try {
      await close(closeOptions);
    } finally {
      removeProfile();
    }
  };
  return context;
}

export function chromiumReady(): boolean {
  return existsSync(CHROMIUM) && debInstalled("fonts-noto-cjk");
}
