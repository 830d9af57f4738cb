import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import type { BrowserContext } from "playwright-core";
import { chromiumReady, ensureDebianPackages, launchChromium } from "../../helpers/debianTools.js";

/**
 * Real PDF producers for the tests: LibreOffice (headless Writer) and Chromium's print to PDF,
 * with the Noto CJK fonts. They are Debian packages, installed here when missing (CI starts from
 * a fresh machine and runs as root).
 */

const run = promisify(execFile);

const SOFFICE = "/usr/bin/soffice";
const PACKAGES = ["libreoffice-writer-nogui", "fonts-noto-cjk", "chromium"];

function toolsPresent(): boolean {
  return existsSync(SOFFICE) && chromiumReady();
}

/** Installs what is missing. Resolves to null when the tools are ready, else to why they are not. */
export function ensurePdfTools(): Promise<string | null> {
  return ensureDebianPackages(PACKAGES, toolsPresent);
}

/**
 * LibreOffice renders the text file as it is (one paragraph a line, tabs as tab stops). With a
 * password the PDF is encrypted and needs it to be opened.
 */
export async function renderWithLibreOffice(
  txtFile: string,
  outDir: string,
  opts: { password?: string } = {},
): Promise<string> {
  const filter = opts.password
    ? `pdf:writer_pdf_Export:${JSON.stringify({
        EncryptFile: { type: "boolean", value: "true" },
        DocumentOpenPassword: { type: "string", value: opts.password },
      })}`
    : "pdf";
  mkdirSync(outDir, { recursive: true });
  // A fresh LibreOffice profile for this run, removed once soffice has exited.
  const profile = mkdtempSync(join(tmpdir(), "bp-lo-"));
  try {
    await run(
      SOFFICE,
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--infilter=Text (encoded):UTF8,,,,",
        "--convert-to",
        filter,
        "--outdir",
        outDir,
        txtFile,
      ],
      { timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = join(outDir, `${basename(txtFile).replace(/\.[^.]+$/, "")}.pdf`);
  if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${txtFile}`);
  return pdf;
}

const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The report as a broker's HTML page would set it: headings, bold runs, paragraphs, and the
 * tab-separated lines as a table (with `narrowColumns`, the name column is narrow so company
 * names wrap inside their cells, and a hyphen breaks where the name has one).
 */
export function reportHtml(text: string, opts: { title: string; narrowColumns?: boolean }): string {
  const blocks: string[] = [];
  let table: string[][] = [];
  const flush = () => {
    if (table.length === 0) return;
    const rows = table.map((cells) => `<tr>${cells.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`);
    blocks.push(`<table>${rows.join("")}</table>`);
    table = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (line.includes("\t")) {
      if (!/^[-\t ]+$/.test(line)) table.push(line.split("\t"));
      continue;
    }
    flush();
    if (line.trim() === "") continue;
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) blocks.push(`<h${h[1]!.length}>${inline(h[2]!)}</h${h[1]!.length}>`);
    else blocks.push(`<p>${inline(line)}</p>`);
  }
  flush();
  const narrow = opts.narrowColumns ? "td:nth-child(2) { width: 2.6em; max-width: 2.6em; }" : "";
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${htmlEscape(opts.title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.5; }
  table { border-collapse: collapse; font-size: 9pt; margin: 6pt 0; }
  td { border: 0.5pt solid #999; padding: 1pt 4pt; vertical-align: top; }
  ${narrow}
</style></head><body>${blocks.join("\n")}</body></html>`;
}

function inline(s: string): string {
  return htmlEscape(s).replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>");
}

export interface ChromiumPrint {
  /** A running header and footer on every page, as broker PDFs carry them. */
  header?: string;
  footer?: string;
}

let browser: Promise<BrowserContext> | null = null;

function chromiumContext(): Promise<BrowserContext> {
  browser ??= launchChromium();
  return browser;
}

export async function closeChromium(): Promise<void> {
  if (browser) await (await browser).close();
  browser = null;
}

/** Chromium prints the HTML page (opened from a file:// URL) to A4 PDF. */
export async function printWithChromium(html: string, outPdf: string, opts: ChromiumPrint = {}): Promise<string> {
  const htmlFile = outPdf.replace(/\.pdf$/, ".html");
  writeFileSync(htmlFile, html);
  const ctx = await chromiumContext();
  const page = await ctx.newPage();
  try {
    await page.goto(`file://${htmlFile}`);
    const band = (s: string) =>
      `<div style="font-family:'Noto Sans CJK SC';font-size:8pt;width:100%;margin:0 14mm;display:flex;justify-content:space-between">${s}</div>`;
    await page.pdf({
      path: `${outPdf}.part`,
      format: "A4",
      margin: { top: "22mm", bottom: "22mm", left: "18mm", right: "18mm" },
      displayHeaderFooter: opts.header !== undefined || opts.footer !== undefined,
      headerTemplate: band(opts.header ?? ""),
      footerTemplate: band(opts.footer ?? ""),
      printBackground: true,
    });
  } finally {
    await page.close();
  }
  renameSync(`${outPdf}.part`, outPdf);
  return outPdf;
}

/**
 * A scanned report: Chromium photographs the rendered page and prints a page holding only that
 * picture, so the PDF has an image and no text layer.
 */
export async function printImageOnly(html: string, outPdf: string): Promise<string> {
  const ctx = await chromiumContext();
  const page = await ctx.newPage();
  try {
    await page.setViewportSize({ width: 620, height: 877 });
    await page.setContent(html);
    const shot = await page.screenshot({ type: "jpeg", quality: 60 });
    // One A4 page holding the picture and nothing else.
    await page.setContent(
      `<!doctype html><html><body style="margin:0"><img style="display:block;width:210mm;height:296mm" src="data:image/jpeg;base64,${shot.toString("base64")}"></body></html>`,
    );
    await page.pdf({ path: outPdf, format: "A4", margin: { top: "0", bottom: "0", left: "0", right: "0" } });
  } finally {
    await page.close();
  }
  return outPdf;
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}
