import type { LabelDirection } from "../../domain/types.js";
import { RATING_LABELS } from "../lexicon.js";
import { PhraseMatcher } from "../text/phrases.js";

/** One label with its printed definition, at compact offsets. */
export interface ScaleEntry {
  label: string;
  en: string | null;
  labelStart: number;
  defStart: number;
  defEnd: number;
  def: string;
  hint: LabelDirection | null;
}

let labels: PhraseMatcher<LabelDirection> | null = null;
export function labelMatcher(): PhraseMatcher<LabelDirection> {
  labels ??= new PhraseMatcher(RATING_LABELS);
  return labels;
}

const BOUNDARY_CHARS = new Set([..."；;。:：-•●▪◆■►➤“\"'(（)）|、,，%!！?？#*"]);
const BOUNDARY_WORDS = /(?:以上|以下|之间|持平|表现|指数|评级|说明|定义|波动|基准|标准|如下)$/;
const EN = /^\(([A-Za-z][A-Za-z -]{0,24})\)/;
const BARE_DEF_START =
  /^(?:相对|预计|预期|未来|指|股价|个股|公司|行业|以|在|为|超越|超过|强于|弱于|优于|劣于|逊于|跑赢|跑输|涨幅|跌幅|表现|报告|投资|基准|[+-]?\d)/;
const DEF_SIGNAL = /%|超越|超过|强于|弱于|优于|劣于|逊于|跑赢|跑输|领先|落后|持平|同步|一致|相当|好于|差于/;
const DEF_STOP = /[;。#]|(?:证券|股票|公司|个股|行业)(?:投资)?评级(?:定义|标准|说明)?/;
/** Where a numeric definition ends: the band expression and its qualifier. */
const BAND_END = /%(?:及以上|或以上|以上|及以下|或以下|以下|之间|以内)?(?![~至到与和\-—]?[+-]?\d)/;
const LABEL_BY_COLON = /[“"]?([\u4e00-\u9fa5]{2,6})[”"]?(?:\(([A-Za-z][A-Za-z -]{0,24})\))?[:：]/g;
const NOT_A_LABEL = /评级|说明|定义|标准|备注|其中|注|如下|基准/;

function boundaryBefore(text: string, p: number): boolean {
  if (p === 0) return true;
  if (BOUNDARY_CHARS.has(text[p - 1]!)) return true;
  const c = text.charCodeAt(p - 1);
  if (c >= 0x30 && c <= 0x39) return true;
  return BOUNDARY_WORDS.test(text.slice(Math.max(0, p - 4), p));
}

/** Reads the definition after a label ending at `q`; null when none follows. */
function definitionAfter(
  text: string,
  label: string,
  labelStart: number,
  q: number,
  limit: number,
  hint: LabelDirection | null,
): ScaleEntry | null {
  let i = q;
  let delimited = false;
  if (text[i] === "”" || text[i] === '"' || text[i] === "’") {
    i++;
    delimited = true;
  }
  let en: string | null = null;
  const m = EN.exec(text.slice(i, i + 28));
  if (m) {
    en = m[1]!.trim();
    i += m[0].length;
    delimited = true;
  }
  if (text[i] === ":" || text[i] === "：") {
    i++;
    delimited = true;
  }
  const window = text.slice(i, Math.min(limit, i + 160));
  if (!delimited && !BARE_DEF_START.test(window)) return null;
  if (window.startsWith("评级")) return null;
  let end = window.length;
  const stop = DEF_STOP.exec(window);
  if (stop) end = stop.index;
  const band = BAND_END.exec(window.slice(0, end));
  if (band) end = Math.min(end, band.index + band[0].length);
  const def = window.slice(0, end).replace(/[-“"”:：;，,、\s]+$/, "");
  if (def.length < 4 || !DEF_SIGNAL.test(def)) return null;
  return { label, en, labelStart, defStart: i, defEnd: i + def.length, def, hint };
}

/** Label entries from the lexicon anywhere in [from, to): the raw material of a definitions section. */
export function lexiconEntries(text: string, from: number, to: number): ScaleEntry[] {
  const out: ScaleEntry[] = [];
  for (const hit of labelMatcher().scan(text, from, to)) {
    if (!boundaryBefore(text, hit.start)) continue;
    const entry = definitionAfter(text, hit.phrase, hit.start, hit.end, to, hit.value);
    if (entry) out.push(entry);
  }
  return clipToNext(out);
}

/** A definition never runs into the next label (qualitative definitions have no band to stop at). */
export function clipToNext(entries: ScaleEntry[]): ScaleEntry[] {
  const sorted = [...entries].sort((a, b) => a.labelStart - b.labelStart);
  const out: ScaleEntry[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const e = sorted[k]!;
    const next = sorted[k + 1];
    if (next && e.defEnd > next.labelStart) {
      const def = e.def.slice(0, Math.max(0, next.labelStart - e.defStart)).replace(/[-“"”:：;，,、\s]+$/, "");
      if (def.length < 4 || !DEF_SIGNAL.test(def)) continue;
      out.push({ ...e, def, defEnd: e.defStart + def.length });
    } else {
      out.push(e);
    }
  }
  return out;
}

/** Entries written "label: definition" with labels the lexicon does not know, inside a section. */
export function colonEntries(text: string, from: number, to: number, known: ScaleEntry[]): ScaleEntry[] {
  const taken = new Set(known.map((e) => e.labelStart));
  const out: ScaleEntry[] = [];
  const re = new RegExp(LABEL_BY_COLON.source, "g");
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const label = m[1]!;
    const labelStart = m.index + (m[0].startsWith("“") || m[0].startsWith('"') ? 1 : 0);
    if (NOT_A_LABEL.test(label) || taken.has(labelStart) || !boundaryBefore(text, m.index)) continue;
    const entry = definitionAfter(text, label, labelStart, labelStart + label.length, to, null);
    if (entry && !known.some((k) => entry.labelStart >= k.labelStart && entry.labelStart < k.defEnd)) out.push(entry);
  }
  return clipToNext([...known, ...out]);
}

/** Groups entries printed close together; the definitions section is the largest group. */
export function clusterEntries(entries: ScaleEntry[], maxGap = 250): ScaleEntry[][] {
  const clusters: ScaleEntry[][] = [];
  let current: ScaleEntry[] = [];
  for (const e of entries) {
    const last = current[current.length - 1];
    if (last && e.labelStart - last.defEnd > maxGap) {
      clusters.push(current);
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}
