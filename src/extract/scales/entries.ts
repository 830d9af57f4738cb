import type { LabelDirection } from "../../domain/types.js";
import { RATING_LABELS } from "../lexicon.js";
import { type CompactText, lineBreakBefore } from "../text/compact.js";
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
  /** Written "label: definition" (or quoted, or with an English name): a firm entry. */
  delimited: boolean;
  /** Where the definition would have run without a following label (for dropping labels inside it). */
  reach: number;
}

let labels: PhraseMatcher<LabelDirection> | null = null;
export function labelMatcher(): PhraseMatcher<LabelDirection> {
  labels ??= new PhraseMatcher(RATING_LABELS);
  return labels;
}

const BOUNDARY_CHARS = new Set([..."；;。:：-•●▪◆■►➤“\"'(（)）|、,，%!！?？#*"]);
const BOUNDARY_WORDS = /(?:以上|以下|之间|持平|表现|指数|评级|说明|定义|波动|基准|标准|如下|涨跌幅)$/;
const EN = /^\(([A-Za-z][A-Za-z -]{0,24})\)/;
const BARE_DEF_START =
  /^(?:相对|预计|预期|未来|指(?!标|数)|股价|股票|证券|个股|公司|行业|以|在|为|超越|超过|强于|弱于|优于|劣于|逊于|跑赢|跑输|涨幅|跌幅|表现|报告|投资|基准|分析师|该|[+-]?\d)/;
const DEF_SIGNAL =
  /%|超越|超过|强于|弱于|优于|劣于|逊于|跑赢|跑输|领先|落后|持平|同步|跟随|一致|相当|相若|好于|差于|战胜|不及/;
const DEF_STOP = /[;。#]|(?:证券|股票|公司|个股|行业)的?(?:投资)?评级(?:定义|标准|说明|体系)?/;
/** Where a numeric definition ends: the band expression and its qualifier. */
const BAND_END = /%(?:及以上|或以上|以上|及以下|或以下|以下|之间|以内)?(?![~至到与和\-—]?[+-]?\d)/;
const LABEL_BY_COLON = /[“"]?([\u4e00-\u9fa5]{2,8})[”"]?(?:\(([A-Za-z][A-Za-z -]{0,24})\))?[:：]/g;
const NOT_A_LABEL = /评级|说明|定义|标准|备注|其中|注|如下|基准|体系/;
const TRAILING = /[-“"”:：;，,、\s]+$/;

function boundaryBefore(ct: CompactText, p: number): boolean {
  const text = ct.text;
  if (p === 0 || lineBreakBefore(ct, p)) return true;
  if (BOUNDARY_CHARS.has(text[p - 1]!)) return true;
  const c = text.charCodeAt(p - 1);
  if (c >= 0x30 && c <= 0x39) return true;
  return BOUNDARY_WORDS.test(text.slice(Math.max(0, p - 4), p));
}

/** Reads the definition after a label ending at `q`; null when none follows. */
function definitionAfter(
  ct: CompactText,
  label: string,
  labelStart: number,
  q: number,
  limit: number,
  hint: LabelDirection | null,
): ScaleEntry | null {
  const text = ct.text;
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
  let closeAt = -1;
  if (text[i] === ":" || text[i] === "：") {
    i++;
    delimited = true;
  } else if (text[i] === "(" && !en) {
    // "强烈推荐（预计6个月内，股价表现强于沪深300指数20%以上）": the definition in parentheses.
    const close = text.slice(i + 1, Math.min(limit, i + 161)).indexOf(")");
    if (close < 4) return null;
    i++;
    closeAt = i + close;
    delimited = true;
  } else if (text[i] === "-") {
    // "领先大市—未来6个月…", "强烈推荐——预期…" (dashes are folded to "-"); "领先大市-A" is a rating
    // with its risk grade.
    let j = i;
    while (text[j] === "-" && j < i + 3) j++;
    if (!/[A-Za-z0-9+-]/.test(text[j] ?? "")) {
      i = j;
      delimited = true;
    }
  }
  const window = text.slice(i, closeAt >= 0 ? closeAt : Math.min(limit, i + 160));
  if (!delimited && !BARE_DEF_START.test(window)) return null;
  if (window.startsWith("评级")) return null;
  let end = window.length;
  const stop = DEF_STOP.exec(window);
  if (stop) end = stop.index;
  const band = BAND_END.exec(window.slice(0, end));
  if (band) end = Math.min(end, band.index + band[0].length);
  // A printed line ends a definition once it says something (qualitative ones have no band to stop at).
  for (let k = i + 4; k < i + end; k++) {
    if (lineBreakBefore(ct, k) && DEF_SIGNAL.test(text.slice(i, k))) {
      end = k - i;
      break;
    }
  }
  const def = window.slice(0, end).replace(TRAILING, "");
  if (def.length < 4 || !DEF_SIGNAL.test(def)) return null;
  return { label, en, labelStart, defStart: i, defEnd: i + def.length, def, hint, delimited, reach: i + def.length };
}

/** Label entries from the lexicon anywhere in [from, to): the raw material of a definitions section. */
export function lexiconEntries(ct: CompactText, from: number, to: number): ScaleEntry[] {
  const out: ScaleEntry[] = [];
  for (const hit of labelMatcher().scan(ct.text, from, to)) {
    const entry = definitionAfter(ct, hit.phrase, hit.start, hit.end, to, hit.value);
    if (entry && (entry.delimited || boundaryBefore(ct, hit.start))) out.push(entry);
    // A real definitions section has a dozen labels; thousands mean a text built to stall us.
    if (out.length >= MAX_ENTRIES) break;
  }
  return settle(out);
}

const MAX_ENTRIES = 2000;

/**
 * Entries written "label: definition" with labels the lexicon does not know, inside a section.
 * A run of characters before the colon that ends with a known label is that label
 * (…的涨跌幅买入: → 买入).
 */
export function colonEntries(ct: CompactText, from: number, to: number, known: ScaleEntry[]): ScaleEntry[] {
  const text = ct.text;
  const taken = new Set(known.map((e) => e.labelStart));
  const out: ScaleEntry[] = [];
  const re = new RegExp(LABEL_BY_COLON.source, "g");
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to && out.length < MAX_ENTRIES; m = re.exec(text)) {
    let label = m[1]!;
    let labelStart = m.index + m[0].indexOf(label);
    let hint: LabelDirection | null = null;
    for (let k = 0; k < label.length - 1; k++) {
      const hit = labelMatcher().longestAt(label, k);
      if (hit && hit.end === label.length) {
        labelStart += k;
        label = hit.phrase;
        hint = hit.value;
        break;
      }
    }
    if (NOT_A_LABEL.test(label) || taken.has(labelStart)) continue;
    if (hint === null && !boundaryBefore(ct, labelStart)) continue;
    const entry = definitionAfter(ct, label, labelStart, labelStart + label.length, to, hint);
    if (entry) out.push(entry);
  }
  return settle([...known, ...out]);
}

/**
 * Orders entries, drops a bare label that stands inside a firm entry's definition (跑赢大市 in
 * "优于大市：…跑赢大市指标"), and clips each definition at the next label.
 */
function settle(entries: ScaleEntry[]): ScaleEntry[] {
  const sorted = [...entries].sort((a, b) => a.labelStart - b.labelStart);
  const kept: ScaleEntry[] = [];
  const starts = new Set<number>();
  let firm: ScaleEntry | null = null;
  for (const e of sorted) {
    if (starts.has(e.labelStart)) continue;
    starts.add(e.labelStart);
    if (!e.delimited && firm && e.labelStart < firm.reach) continue;
    if (e.delimited) firm = e;
    kept.push(e);
  }
  const out: ScaleEntry[] = [];
  for (let k = 0; k < kept.length; k++) {
    const e = kept[k]!;
    const next = kept[k + 1];
    if (next && e.defEnd > next.labelStart) {
      const def = e.def.slice(0, Math.max(0, next.labelStart - e.defStart)).replace(TRAILING, "");
      if (def.length < 4 || !DEF_SIGNAL.test(def)) continue;
      out.push({ ...e, def, defEnd: e.defStart + def.length });
    } else {
      out.push(e);
    }
  }
  return out;
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
