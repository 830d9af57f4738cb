import type { ReportDate } from "../domain/types.js";
import { type CompactText, sourceSpan } from "./text/compact.js";
import { type FoundDate, placeYearless } from "./text/dates.js";
import type { ZoneSet } from "./text/zones.js";

/**
 * The report's date. A date printed in the header (or labelled 发布日期/报告日期) is the report's
 * own, `explicit`. Without one, the newest dated item inside (related reports, the event, the
 * "截至" date of the figures) bounds it from below and is reported as `inferred`. Dates of other
 * reports never count as explicit, forecasts (预计 …) never count at all.
 */
export interface DateScope {
  /** Compact offset where the header area ends (explicit dates are read before it). */
  headerEnd: number;
  /** Compact offset where the boilerplate starts. */
  disclaimerStart: number;
  related: ZoneSet;
  /** Rating definitions section. */
  excluded: ZoneSet;
}

const LABELLED = /(?:发布日期|报告日期|(?<![\u4e00-\u9fa5])日期|发布时间|报告时间|Date\]?)[:：]?$/i;
/** A month printed without a day in the header ("西南证券研究发展中心2019年1月"). */
const MONTH_ONLY = /(20\d{2})年(1[0-2]|0?[1-9])月(?![\d份])/g;
const DATA = /(?:截至|截止|截止到|截止至|数据截至|收盘价为|收盘价|收盘|数据为|股价为|价格为|股价日期|[～~至到])$/;
/** The end of a range (2019-09-23～2020-09-18 under a price chart) dates the data, not the report. */
const RANGE_AFTER = /^[～~至到]\d/;
const FUTURE_BEFORE = /(?:预计|预期|将于|将在|计划|有望|拟于|拟在|目标)$/;
const FUTURE_AFTER = /^(?:前|之前|以前|起将|将|或将|有望)/;
const EVENT_BEFORE = /(?:时间|于|在|自|从|当地|北京|美国)$/;
const EVENT_AFTER =
  /^(?:[,，:：]|晚|早|凌晨|晚间|盘后|盘前|发布|公告|召开|举行|举办|宣布|推出|披露|起|以来|至今|收盘|当天|当日)/;

/** How far into the text a labelled date (日期：…) still dates the report. */
const LABEL_REACH = 4000;

function isRelated(text: string, d: FoundDate, related: ZoneSet): boolean {
  if (related.contains(d.start)) return true;
  if (/》-?$/.test(text.slice(Math.max(0, d.start - 3), d.start))) return true;
  return /^-?《/.test(text.slice(d.end, d.end + 2));
}

export function chooseReportDate(ct: CompactText, dates: FoundDate[], scope: DateScope): ReportDate | null {
  const text = ct.text;
  const evidence = (d: FoundDate, before = 0): string => {
    const s = sourceSpan(ct, Math.max(0, d.start - before), d.end);
    return ct.source.slice(s.start, s.end).replace(/\s+/g, " ").trim();
  };

  let labelled: FoundDate | null = null;
  let header: FoundDate | null = null;
  const inferred: FoundDate[] = [];
  for (const d of dates) {
    if (d.yearless) continue;
    if (d.start >= scope.disclaimerStart || scope.excluded.contains(d.start)) continue;
    const before = text.slice(Math.max(0, d.start - 8), d.start);
    const after = text.slice(d.end, d.end + 6);
    if (FUTURE_BEFORE.test(before) || FUTURE_AFTER.test(after)) continue;
    const related = isRelated(text, d, scope.related);
    const data = DATA.test(before) || RANGE_AFTER.test(after);
    const event = EVENT_BEFORE.test(before) || EVENT_AFTER.test(after);
    if (!related && !data) {
      if (!labelled && LABELLED.test(before) && d.start < Math.max(scope.headerEnd, LABEL_REACH)) labelled = d;
      // Of the header's own dates the newest is the report's: the others date its figures.
      else if (d.start < scope.headerEnd && !event && (!header || d.iso > header.iso)) header = d;
    }
    inferred.push(d);
  }
  const explicit = labelled ?? header;
  if (explicit) return { value: explicit.iso, kind: "explicit", evidence: evidence(explicit) };

  let newest: FoundDate | null = null;
  for (const d of inferred) if (!newest || d.iso > newest.iso) newest = d;

  // A report that prints only its month was published in it: on its first day at the earliest,
  // or on the newest date it cites within that month.
  const month = printedMonth(text.slice(0, scope.headerEnd));
  if (month) {
    const first = `${month.value}-01`;
    const within = inferred.filter((d) => d.iso.startsWith(month.value)).sort((a, b) => (a.iso < b.iso ? 1 : -1))[0];
    const value = within && within.iso > first ? within.iso : first;
    return {
      value,
      kind: "inferred",
      evidence: `printed month only: ${month.printed}${within ? `; newest dated item in it: ${evidence(within, 12)}` : ""}`,
    };
  }
  let value = newest?.iso ?? null;
  let source = newest;
  if (value) {
    for (const d of dates) {
      if (!d.yearless || d.start >= scope.disclaimerStart || scope.excluded.contains(d.start)) continue;
      const before = text.slice(Math.max(0, d.start - 8), d.start);
      const after = text.slice(d.end, d.end + 6);
      if (FUTURE_BEFORE.test(before) || FUTURE_AFTER.test(after)) continue;
      const placed = placeYearless(d, newest!.iso);
      if (placed && placed > value) {
        value = placed;
        source = d;
      }
    }
  }
  if (!value || !source) return null;
  return { value, kind: "inferred", evidence: `newest dated item: ${evidence(source, 12)}` };
}

/** A month in a byline (…研究发展中心2019年1月分析师…), not in a sentence (在2023年11月推出…). */
const BYLINE_BEFORE = /(?:中心|研究所|研究院|研究部|研究|证券|日期[:：]?|时间[:：]?)$/;
const BYLINE_AFTER = /^(?:分析师|研究员|作者|联系人|证券|研究)/;

function printedMonth(header: string): { value: string; printed: string } | null {
  for (const m of header.matchAll(MONTH_ONLY)) {
    const before = header.slice(Math.max(0, m.index - 8), m.index);
    const after = header.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (!BYLINE_BEFORE.test(before) && !BYLINE_AFTER.test(after)) continue;
    return { value: `${m[1]}-${m[2]!.padStart(2, "0")}`, printed: m[0] };
  }
  return null;
}
