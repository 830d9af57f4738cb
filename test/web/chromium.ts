import type { BrowserContext } from "playwright-core";
import { chromiumReady, ensureDebianPackages, launchChromium as launchDebianChromium } from "../helpers/debianTools.js";

/**
 * Debian's chromium and the Noto CJK fonts, installed with apt-get when missing (the tests run
 * as root). Returns why they cannot be had, or null when they are ready.
 */
export function ensureChromium(): Promise<string | null> {
  return ensureDebianPackages(["chromium", "fonts-noto-cjk"], chromiumReady);
}

/** Headless Debian chromium with a fresh profile, at the dashboard's size and in Chinese. */
export function launchChromium(): Promise<BrowserContext> {
  return launchDebianChromium({ viewport: { width: 1360, height: 900 }, locale: "zh-CN" });
}
