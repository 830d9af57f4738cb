import type { FoundDate } from "./dates.js";

/** A half-open range of compact offsets. */
export interface Zone {
  start: number;
  end: number;
}

const RELATED_HEADING =
  /相关研究报告|相关研究|相关报告|近期报告|往期报告|历史报告|推荐阅读|相关阅读|近期研究|近期相关研究/g;
const BREAK = /[●➤►■◆#。]/;

/**
 * Related-report lists (相关研究 / 相关报告): from the heading, as long as dated items or
 * 《titles》 keep following one another. Their titles and dates are other reports', not this one's.
 */
export function relatedZones(text: string, dates: FoundDate[]): Zone[] {
  const zones: Zone[] = [];
  const full = dates.filter((d) => !d.yearless);
  let di = 0;
  for (const m of text.matchAll(RELATED_HEADING)) {
    if (zones.length > 0 && m.index < zones[zones.length - 1]!.end) continue;
    let cursor = m.index + m[0].length;
    for (;;) {
      while (di < full.length && full[di]!.start < cursor) di++;
      const next = full[di];
      const near = text.slice(cursor, cursor + 13).indexOf("《");
      const title = near < 0 ? -1 : cursor + near;
      const titleOk = title >= 0;
      const dateOk = next !== undefined && next.start - cursor <= 160 && !BREAK.test(text.slice(cursor, next.start));
      if (titleOk && (!dateOk || title < next!.start)) {
        const rel = text.slice(title, title + 121).indexOf("》");
        if (rel < 0) break;
        cursor = title + rel + 1;
      } else if (dateOk) {
        cursor = next!.end;
      } else {
        break;
      }
    }
    zones.push({ start: m.index, end: cursor });
  }
  return zones;
}

/** 《…》 titles: a report cites other reports (and their picks) by title. */
export function titleZones(text: string): Zone[] {
  const zones: Zone[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x300a) open = i;
    else if (c === 0x300b && open >= 0) {
      if (i - open <= 120) zones.push({ start: open, end: i + 1 });
      open = -1;
    }
  }
  return zones;
}

const DISCLAIMER =
  /免责声明|法律声明|特别声明|重要声明|一般声明|分析师声明|分析师承诺|分析师证明|信息披露|披露声明|权益披露|Disclaimer/gi;
/** A page footer that points to the boilerplate ("请仔细阅读在本报告尾部的重要法律声明") is not the boilerplate. */
const FOOTER_TAIL = /^[^。]{0,3}(?:见|参阅|详见|请参阅|请参见|请见)/;
const FOOTER_LEAD =
  /(?:阅读|参阅|参见|详见|请务必|请仔细|敬请|见(?:本|正文|报告|文末|末页|尾|后)|之后|末页|尾部|结尾|后面|正文后|末尾)[^。]{0,12}$/;

/**
 * Where the boilerplate starts (免责声明, 分析师承诺 …). Page footers that only point to it
 * ("请务必阅读正文之后的免责声明") don't count, nor does anything in the first 30% of the text.
 */
export function disclaimerStart(text: string): number {
  const floor = Math.floor(text.length * 0.3);
  const sources = [...text.matchAll(SOURCE)].map((m) => m.index);
  let si = 0;
  for (const m of text.matchAll(DISCLAIMER)) {
    if (m.index < floor) continue;
    if (FOOTER_LEAD.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    // "其他重要信息披露见分析师申明之后部分": the pointer may follow the heading's words too.
    if (FOOTER_TAIL.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
    // Body pages go on after a heading printed as page furniture (信息披露依据… on every page):
    // the boilerplate cites no more figures.
    while (si < sources.length && sources[si]! < m.index) si++;
    if (sources.length - si > MAX_SOURCES_AFTER) continue;
    return m.index;
  }
  return text.length;
}

const SOURCE = /资料来源|数据来源|来源[:：]/g;
const MAX_SOURCES_AFTER = 3;

/** Sorted, merged zones with a lookup that only moves forward (callers scan left to right). */
export class ZoneSet {
  private readonly zones: Zone[];
  private cursor = 0;

  constructor(zones: Zone[]) {
    const sorted = zones.filter((z) => z.end > z.start).sort((a, b) => a.start - b.start);
    const merged: Zone[] = [];
    for (const z of sorted) {
      const last = merged[merged.length - 1];
      if (last && z.start <= last.end) last.end = Math.max(last.end, z.end);
      else merged.push({ ...z });
    }
    this.zones = merged;
  }

  /** The zone containing `i`, or null. Calls must come with non-decreasing `i` until `reset`. */
  at(i: number): Zone | null {
    while (this.cursor < this.zones.length && this.zones[this.cursor]!.end <= i) this.cursor++;
    const z = this.zones[this.cursor];
    return z && z.start <= i ? z : null;
  }

  reset(): void {
    this.cursor = 0;
  }

  contains(i: number): boolean {
    let lo = 0;
    let hi = this.zones.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const z = this.zones[mid]!;
      if (i < z.start) hi = mid - 1;
      else if (i >= z.end) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** A dot leader and the page number it leads to ("……12", ".........-12-"); a plain ellipsis is none. */
const LEADER = /(?:\.{6,}|…{4,}|·{6,})-?\d{1,3}(?!\d)/g;
/** How far before its dot leader a table-of-contents entry starts. */
const TOC_ENTRY = 60;

/**
 * Table-of-contents entries ("4.3 重点公司…………12"): a heading there names a company the
 * body discusses, it does not recommend it.
 */
export function tocZones(text: string): Zone[] {
  const zones: Zone[] = [];
  for (const m of text.matchAll(LEADER)) {
    zones.push({ start: Math.max(0, m.index - TOC_ENTRY), end: m.index + m[0].length });
  }
  return zones;
}
