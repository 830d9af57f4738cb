import type { RatingAction, Resolution, Stance, TargetPrice } from "../../domain/types.js";
import { type CompactText, lineBreakBefore, sourceSpan } from "../text/compact.js";

/** A pick as the scanners find it, before merging: compact offsets, the name as printed. */
export interface Candidate {
  name: string;
  printedCode: string | null;
  stance: Stance;
  rating: string | null;
  /** 首次/维持/上调/下调 and a target price, when the scanner that found it read them. */
  action?: RatingAction | null;
  target?: TargetPrice | null;
  start: number;
  end: number;
  resolution: Resolution;
  /**
   * Compact range of the clause it came from, or where its sentence starts (worked out only for
   * the picks kept: a list printed ten thousand times needs one clause, not ten thousand).
   */
  clause: { start: number; end: number } | { from: number };
}

/** Merge key: the security when resolved, the printed name otherwise. */
export function candidateKey(c: Candidate): string {
  if (c.resolution.status === "resolved") return `sec:${c.resolution.security.symbol}`;
  return `name:${withoutMarker(c.name)}`;
}

const MARKER = /[-－](?:U|W|UW|WD|B|SW|S)$/i;
const PREFIX_OR_MARKER = /^(?:\*?ST|N|C)|[-－](?:U|W|UW|WD|B|SW|S)$/gi;

/** A printed name without its exchange marker (寒武纪-U → 寒武纪, 快手-W → 快手). */
export function withoutMarker(name: string): string {
  return name.replace(MARKER, "");
}

/** A listed name as prose prints it: no risk or new-listing prefix (*ST, N, C), no marker. */
export function asProsePrints(name: string): string {
  return name.replace(PREFIX_OR_MARKER, "");
}

const CLAUSE_END = /[。;；!?！？]/;

/** The clause around [start, end): from `from` (or the last ； or line start) to the next clause end. */
export function clauseAround(
  ct: CompactText,
  from: number,
  start: number,
  end: number,
): { start: number; end: number } {
  const text = ct.text;
  let s = Math.max(from, start - 300);
  const before = text.slice(s, start);
  const semi = Math.max(before.lastIndexOf(";"), before.lastIndexOf("；"));
  if (semi >= 0) s += semi + 1;
  for (let k = start; k > s; k--) {
    if (lineBreakBefore(ct, k)) {
      s = k;
      break;
    }
  }
  let e = end;
  const limit = Math.min(text.length, end + 300);
  while (e < limit && !CLAUSE_END.test(text[e]!)) e++;
  if (e < text.length && CLAUSE_END.test(text[e]!)) e++;
  return { start: s, end: e };
}

/** The printed text of a compact range, white space collapsed. */
export function printed(ct: CompactText, range: { start: number; end: number }): string {
  const s = sourceSpan(ct, range.start, range.end);
  return ct.source.slice(s.start, s.end).replace(/\s+/g, " ").trim();
}
