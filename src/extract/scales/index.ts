import type {
  Benchmark,
  LabelDirection,
  RatingLabel,
  RatingScale,
  RatingScales,
  ScaleMarket,
} from "../../domain/types.js";
import { type CompactText, sourceSpan } from "../text/compact.js";
import { bandDirection, parseBand, parseHorizon, wordingDirection } from "./band.js";
import { impliedBenchmarks, marketBenchmarks, ownBenchmarks, unscopedBenchmarks } from "./benchmarks.js";
import { clusterEntries, colonEntries, labelMatcher, lexiconEntries, type ScaleEntry } from "./entries.js";

/**
 * The broker's own rating definitions, read from the report's text whatever the layout (tab
 * tables, bullet lists, quoted labels, labels glued to their definitions). The section is where
 * label definitions cluster; its preamble and closing note give horizon and benchmarks, and a
 * label's own wording (未来 6 个月) wins over the preamble (6 至 12 个月).
 */
export interface ScaleSection {
  scales: RatingScales;
  /** Compact offsets of the section, so other scanners can skip it. */
  span: { start: number; end: number } | null;
  warnings: string[];
}

const HEADING = /(?:投资)?评级(?:说明|定义|标准|体系|规则)|评级的说明|Ratings?(?:Definitions?|System)/gi;
const GROUP =
  /(?:证券|股票|公司|个股|上市公司)的?(?:投资)?评级(?:定义|标准|说明)?|行业的?(?:投资)?评级(?:定义|标准|说明)?/g;
const NOTE_START =
  /^(?:备注|注[:：]|说明[:：]|评级标准|以报告|投资评级基于|其中|评级期限|评级有效期|投资期限|评级的?时间|期限为|上述评级|以上评级)/;
const INDUSTRY_RELATIVE = /所属(?:的)?行业|其行业指数|相对行业指数|行业平均|行业整体/;

const NOT_FOUND: RatingScales = { found: false, stock: null, industry: null, raw: "" };

export function parseRatingScales(ct: CompactText): ScaleSection {
  const text = ct.text;
  const warnings: string[] = [];
  const headings = [...text.matchAll(HEADING)].map((m) => m.index);
  const clusters = clusterEntries(lexiconEntries(ct, 0, text.length)).filter((c) => c.length >= 2);
  let best: ScaleEntry[] | null = null;
  for (const c of clusters) if (!best || c.length >= best.length) best = c;

  if (!best) {
    // The last block of headings (评级说明 / 本报告采用的评级体系 …) starts the unparsable section.
    let k = headings.length - 1;
    while (k > 0 && headings[k]! - headings[k - 1]! < 60) k--;
    const h = headings[k];
    if (h === undefined) return { scales: NOT_FOUND, span: null, warnings: ["no rating definitions found"] };
    const end = Math.min(text.length, h + 600);
    const raw = slice(ct, h, end);
    warnings.push("rating definitions found but could not be parsed");
    const unparsed: RatingScale = {
      kind: "stock",
      parsed: false,
      unparsedReason: "unreadable",
      relativeTo: "market",
      qualitative: false,
      labels: [],
      horizonMonths: null,
      benchmarks: {},
      raw,
    };
    return { scales: { found: true, stock: unparsed, industry: null, raw }, span: { start: h, end }, warnings };
  }

  const clusterStart = best[0]!.labelStart;
  const clusterEnd = best[best.length - 1]!.defEnd;
  const heading = headings.find((h) => h >= clusterStart - 800 && h <= clusterStart);
  const start = heading ?? sentenceStart(text, clusterStart);
  const end = noteEnd(text, clusterEnd);
  const entries = colonEntries(ct, start, clusterEnd + 1, best);

  const preamble = text.slice(start, entries[0]?.labelStart ?? clusterStart) + text.slice(clusterEnd, end);
  // Benchmarks are often named after the definitions, past other notes (未有评级：…), up to the disclaimers.
  const whole = `${text.slice(start, clusterEnd)}。${text.slice(clusterEnd, benchmarkNoteEnd(text, clusterEnd, end))}`;
  const markets = unscopedBenchmarks(whole, marketBenchmarks(whole));
  const sectionHorizon = parseHorizon(preamble);

  const groups = groupEntries(text, start, entries);
  const build = (kind: "stock" | "industry"): RatingScale | null => {
    const g = groups.get(kind);
    if (!g || g.entries.length === 0) return null;
    return buildScale(ct, kind, g.headerStart, g.entries, markets, sectionHorizon, preamble);
  };
  let stock = build("stock");
  let industry = build("industry");
  // A text that ends inside the definitions: the scale it cuts is unparsed, never a wrong band.
  const lastEntry = entries[entries.length - 1];
  if (lastEntry && endsInside(text, lastEntry)) {
    warnings.push("rating definitions are truncated: the text ends inside them");
    const tail = text.slice(lastEntry.defEnd);
    // A heading in the cut-off tail starts the scale that is cut; otherwise the last one is.
    const heading = new RegExp(GROUP.source).exec(tail);
    const cutKind = heading
      ? heading[0].startsWith("行业")
        ? "industry"
        : "stock"
      : [...groups.entries()].find(([, g]) => g.entries.includes(lastEntry))?.[0];
    const raw = slice(ct, heading ? lastEntry.defEnd + heading.index : lastEntry.labelStart, text.length);
    const cut = (kind: "stock" | "industry", was: RatingScale | null): RatingScale => ({
      ...(was ?? { relativeTo: "market", qualitative: false, horizonMonths: null, benchmarks: {}, raw }),
      kind,
      parsed: false,
      unparsedReason: "truncated",
      labels: [],
    });
    if (cutKind === "stock") stock = cut("stock", heading ? null : stock);
    if (cutKind === "industry") industry = cut("industry", heading ? null : industry);
  }
  for (const s of [stock, industry]) {
    for (const l of s?.labels ?? []) {
      if (l.min === null && l.max === null && s && !s.qualitative) {
        warnings.push(`rating label ${l.label} has no band while others do`);
      }
    }
  }
  return {
    scales: { found: true, stock, industry, raw: slice(ct, start, end) },
    span: { start, end },
    warnings,
  };
}

const GROUP_AT_START = /^(?:证券|股票|公司|个股|上市公司|行业)的?(?:投资)?评级/;
const TERMINATED = /[。.;；!！)）\]】]$/;
/** A definition that ends on its whole band: "5%以上", "5%~15%之间", "-5%~5%". */
const WHOLE_BAND = /(?:%(?:及以上|或以上|以上|及以下|或以下|以下|之间|以内)|\d%?(?:~|至|到|-)[+-]?\d+(?:\.\d+)?%)$/;

/**
 * Whether the text stops inside the definitions: the last definition runs to the end of the text
 * (or a label and fragment follow it) and the text ends on no sentence end and no whole band.
 */
function endsInside(text: string, last: ScaleEntry): boolean {
  const rest = text.length - last.defEnd;
  if (rest > 40 || TERMINATED.test(text)) return false;
  const tail = text.slice(last.defEnd).replace(/^[;；。，,、]+/, "");
  // What follows the last definition is the start of another: a scale's heading or a label.
  if (tail.length > 0) return GROUP_AT_START.test(tail) || labelMatcher().longestAt(tail, 0) !== null;
  return /%/.test(last.def) && !WHOLE_BAND.test(last.def);
}

function slice(ct: CompactText, start: number, end: number): string {
  const s = sourceSpan(ct, start, end);
  return ct.source.slice(s.start, s.end);
}

function sentenceStart(text: string, at: number): number {
  const from = Math.max(0, at - 300);
  const stop = text.lastIndexOf("。", at);
  return stop >= from ? stop + 1 : at;
}

/** A scale judged on the stock's own return (川财: "证券的绝对收益"), which no market benchmark applies to. */
const ABSOLUTE_SCALE = /绝对收益|绝对涨跌幅|绝对回报|绝对表现/;

/** Where disclaimers and analyst statements begin: the end of what may name the benchmarks. */
const DISCLAIMER = /免责|法律声明|重要声明|特别声明|分析师声明|分析师承诺|风险提示|重要提示|证券分析师承诺|版权/;

/** The end of the text after the definitions that may still name benchmarks (at most 500 characters). */
function benchmarkNoteEnd(text: string, clusterEnd: number, noteEnd: number): number {
  const window = text.slice(clusterEnd, Math.min(text.length, clusterEnd + 500));
  const stop = DISCLAIMER.exec(window);
  return Math.max(noteEnd, clusterEnd + (stop ? stop.index : window.length));
}

/** The closing note (备注：评级标准为 …) belongs to the section: it often names horizon and benchmarks. */
function noteEnd(text: string, clusterEnd: number): number {
  let i = clusterEnd;
  while (i < text.length && /[。;；.\s]/.test(text[i]!)) i++;
  // A closing note, or a sentence naming the benchmarks ("A股市场基准为沪深300指数，…").
  if (!NOTE_START.test(text.slice(i, i + 12)) && !/基准/.test(text.slice(i, i + 40))) return clusterEnd;
  const stop = text.indexOf("。", i);
  const end = stop < 0 ? Math.min(text.length, i + 500) : Math.min(stop + 1, i + 500);
  return /个月|基准|指数/.test(text.slice(i, end)) ? end : clusterEnd;
}

interface Group {
  headerStart: number;
  entries: ScaleEntry[];
}

/** Splits entries into stock and industry scales by the group headings printed before them. */
function groupEntries(text: string, start: number, entries: ScaleEntry[]): Map<"stock" | "industry", Group> {
  const markers: Array<{ at: number; kind: "stock" | "industry" }> = [];
  const last = entries[entries.length - 1];
  const re = new RegExp(GROUP.source, "g");
  // The section may start inside its group heading (行业评级体系: the heading match begins at 评级).
  re.lastIndex = Math.max(0, start - 8);
  for (let m = re.exec(text); m && last && m.index < last.labelStart; m = re.exec(text)) {
    markers.push({ at: m.index, kind: m[0].startsWith("行业") ? "industry" : "stock" });
  }
  const groups = new Map<"stock" | "industry", Group>();
  const labelsOf = new Map<"stock" | "industry", Set<string>>();
  // Headings printed together before any label (a table's column of headings, 天风's 类别/说明
  // layout) say which scales follow, in order, but not where the second one starts.
  const first = entries[0];
  const heads = first ? markers.filter((m) => m.at < first.labelStart) : [];
  const tableOrder = [...new Set(heads.slice(-2).map((m) => m.kind))];
  const sequential = markers.length === 0 || (tableOrder.length === 2 && heads.length === markers.length);
  const order: ("stock" | "industry")[] = tableOrder.length === 2 ? tableOrder : ["stock", "industry"];
  let seen = new Set<string>();
  let previous: LabelDirection | null = null;
  let fallback = 0;
  let mi = -1;
  for (const e of entries) {
    while (mi + 1 < markers.length && markers[mi + 1]!.at < e.labelStart) mi++;
    const marker = mi >= 0 ? markers[mi] : undefined;
    let kind: "stock" | "industry";
    if (marker && !sequential) {
      kind = marker.kind;
    } else {
      // A scale runs from its most positive label to its most negative one: a label printed again,
      // or a positive label after a negative one, starts the second scale.
      const direction = entryDirection(e);
      if (seen.has(e.label) || (previous === "negative" && direction === "positive")) {
        fallback = Math.min(1, fallback + 1);
        seen = new Set();
      }
      seen.add(e.label);
      previous = direction;
      kind = order[fallback]!;
    }
    let g = groups.get(kind);
    if (!g) {
      g = { headerStart: (sequential ? heads[0]?.at : marker?.at) ?? e.labelStart, entries: [] };
      groups.set(kind, g);
    }
    let labels = labelsOf.get(kind);
    if (!labels) {
      labels = new Set();
      labelsOf.set(kind, labels);
    }
    if (!labels.has(e.label)) {
      labels.add(e.label);
      g.entries.push(e);
    }
  }
  return groups;
}

/** A stock scale measured against the analyst's own coverage, not an index. */
const COVERAGE_RELATIVE = /(?:所|其)?覆盖(?:的)?(?:股票|公司|个股)(?:的)?平均/;
/** Words that make a band relative to something. */
const RELATIVE_WORDS = /相对|强于|弱于|优于|劣于|逊于|超越|超过|跑赢|跑输|领先|落后|高于|低于|持平|同步|跟随/;
/** A band on the stock's own price move. */
const OWN_MOVE = /涨幅|涨跌幅|上涨|下跌|变动幅度|收益率|绝对收益/;

function buildScale(
  ct: CompactText,
  kind: "stock" | "industry",
  headerStart: number,
  entries: ScaleEntry[],
  markets: Partial<Record<ScaleMarket, Benchmark>>,
  sectionHorizon: { min: number; max: number } | null,
  preamble: string,
): RatingScale {
  const labels: RatingLabel[] = entries.map((e) => {
    const band = parseBand(e.def);
    return {
      label: e.label,
      en: e.en,
      min: band?.min ?? null,
      max: band?.max ?? null,
      direction: band ? bandDirection(band) : wordingDirection(e.def, e.hint),
      text: slice(ct, e.labelStart, e.defEnd),
    };
  });
  closeOpenBands(labels);
  const defs = entries.map((e) => e.def).join("；");
  const header = ct.text.slice(headerStart, entries[0]!.labelStart);
  const qualitative = labels.every((l) => l.min === null && l.max === null);
  const industryRelative = kind === "stock" && INDUSTRY_RELATIVE.test(defs);
  let benchmarks: Partial<Record<ScaleMarket, Benchmark>>;
  if (industryRelative) {
    const printed = /(?:所属|相对|其)?(?:的)?行业(?:指数|整体|平均)?/.exec(defs)?.[0] ?? "行业指数";
    benchmarks = { A: { name: "industry-index", text: printed }, HK: { name: "industry-index", text: printed } };
  } else {
    benchmarks = { ...markets, ...ownBenchmarks(header + defs) };
    // 大盘 / 市场 with no index named: this scale's own words first, then the section's.
    benchmarks = impliedBenchmarks(header + defs, benchmarks);
    if (!ABSOLUTE_SCALE.test(header + defs)) benchmarks = impliedBenchmarks(preamble, benchmarks);
  }
  let relativeTo: RatingScale["relativeTo"] = industryRelative ? "industry-index" : "market";
  if (kind === "stock" && !industryRelative && Object.keys(benchmarks).length === 0) {
    // 银河: "超越分析师所覆盖股票平均回报"; 民生, 国金: "股价涨幅15%以上" (the stock's own move).
    if (COVERAGE_RELATIVE.test(defs)) relativeTo = "coverage";
    else if (!RELATIVE_WORDS.test(header + defs) && OWN_MOVE.test(header + defs)) relativeTo = "absolute";
  }
  return {
    kind,
    parsed: labels.length > 0,
    relativeTo,
    qualitative,
    labels,
    horizonMonths: labelHorizon(entries) ?? sectionHorizon,
    benchmarks,
    raw: slice(ct, headerStart, entries[entries.length - 1]!.defEnd),
  };
}

function entryDirection(e: ScaleEntry): LabelDirection {
  const band = parseBand(e.def);
  return band ? bandDirection(band) : wordingDirection(e.def, e.hint);
}

/** The horizon most labels print for themselves, or null when none does. */
function labelHorizon(entries: ScaleEntry[]): { min: number; max: number } | null {
  const counts = new Map<string, { h: { min: number; max: number }; n: number }>();
  for (const e of entries) {
    const h = parseHorizon(e.def);
    if (!h) continue;
    const key = `${h.min}-${h.max}`;
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { h, n: 1 });
  }
  let best: { h: { min: number; max: number }; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.h ?? null;
}

/**
 * A scale's bands partition the excess return: a positive label printed "10%以上" under a label
 * printed "20%以上" means 10~20 (增持 20%以上, 谨慎增持 10%以上), and likewise below zero.
 */
function closeOpenBands(labels: RatingLabel[]): void {
  for (const l of labels) {
    if (l.min !== null && l.max === null && l.min >= 0) {
      let cap: number | null = null;
      for (const o of labels) if (o.min !== null && o.min > l.min && (cap === null || o.min < cap)) cap = o.min;
      if (cap !== null) l.max = cap;
    } else if (l.max !== null && l.min === null && l.max <= 0) {
      let floor: number | null = null;
      for (const o of labels) if (o.max !== null && o.max < l.max && (floor === null || o.max > floor)) floor = o.max;
      if (floor !== null) l.min = floor;
    }
  }
}
