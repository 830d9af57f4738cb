import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Security } from "../../src/domain/types.js";
import type { SecurityMaster } from "../../src/securities/master.js";
import { addDaysIso, seedTemplates, type Template } from "./picksDraw.js";
import type { Rng } from "./rng.js";

/** Rewrites a printed date in the same layout: "2024年02月18日" → "2025年07月03日", "2024 年 02 月 21 日" likewise. */
export function reprintDate(printed: string, date: string): string | null {
  const parts = date.split("-");
  let i = 0;
  const out = printed.replace(/\d+/g, (digits) => {
    const p = parts[i++];
    if (p === undefined) return digits;
    return digits.length === 1 ? String(Number(p)) : p.slice(-digits.length).padStart(digits.length, "0");
  });
  return i >= 3 ? out : null;
}

/** Escapes a literal for a RegExp. */
function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * One variant of a seed report: its printed date moved and about half of its picks swapped for
 * other listed securities (name and printed code), everything else as the broker printed it.
 */
export function variantOf(t: Template, date: string, swaps: ReadonlyMap<string, Security>): string {
  let text = t.text;
  const printed = t.extraction.date?.kind === "explicit" ? t.extraction.date.evidence : null;
  if (printed && text.includes(printed)) {
    const moved = reprintDate(printed, date);
    if (moved) text = text.split(printed).join(moved);
  }
  for (const p of t.extraction.picks) {
    const to = swaps.get(p.name);
    if (!to) continue;
    text = text.replace(new RegExp(literal(p.name), "g"), to.name);
    if (p.printedCode && to.code.length === p.printedCode.length) {
      text = text.replace(new RegExp(`(?<!\\d)${literal(p.printedCode)}(?!\\d)`, "g"), to.code);
    }
  }
  return text;
}

export interface Corpus {
  dir: string;
  files: number;
  bytes: number;
}

/**
 * Writes `count` report texts into `dir`: the seed reports varied in date and picks (so every
 * text is distinct and is stored), each broker in turn.
 */
export function writeCorpus(master: SecurityMaster, dir: string, count: number, rng: Rng): Corpus {
  mkdirSync(dir, { recursive: true });
  const templates = seedTemplates(master);
  const pool = master.securities().filter((s) => s.market === "A" && s.name.length >= 3);
  const seen = new Set<string>();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length] as Template;
    // Drawn again until the text is new: identical texts would be stored once.
    let text = "";
    for (let tries = 0; tries < 100 && (text === "" || seen.has(text)); tries++) {
      const date = addDaysIso("2024-01-02", rng.int(660));
      const swaps = new Map<string, Security>();
      for (const p of t.extraction.picks) if (rng.chance(0.5)) swaps.set(p.name, rng.pick(pool));
      text = `${variantOf(t, date, swaps)}\n`;
    }
    seen.add(text);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `report-${String(i).padStart(5, "0")}.txt`), text);
  }
  return { dir, files: count, bytes };
}
