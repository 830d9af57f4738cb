import type { Benchmark, RatingLabel, RatingScale, RatingScales, ScaleMarket } from "../../domain/types.js";
import { type CompactText, sourceSpan } from "../text/compact.js";
import { bandDirection, parseBand, parseHorizon, wordingDirection } from "./band.js";
import { marketBenchmarks, ownBenchmarks } from "./benchmarks.js";
import { clusterEntries, colonEntries, lexiconEntries, type ScaleEntry } from "./entries.js";

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
const GROUP = /(?:证券|股票|公司|个股|上市公司)(?:投资)?评级(?:定义|标准|说明)?|行业(?:投资)?评级(?:定义|标准|说明)?/g;
const NOTE_START = /^(?:备注|注[:：]|说明[:：]|评级标准|以报告|投资评级基于|其中)/;
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
  const markets = marketBenchmarks(preamble);
  const sectionHorizon = parseHorizon(preamble);

  const groups = groupEntries(text, start, entries);
  const build = (kind: "stock" | "industry"): RatingScale | null => {
    const g = groups.get(kind);
    if (!g || g.entries.length === 0) return null;
    return buildScale(ct, kind, g.headerStart, g.entries, markets, sectionHorizon);
  };
  const stock = build("stock");
  const industry = build("industry");
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

function slice(ct: CompactText, start: number, end: number): string {
  const s = sourceSpan(ct, start, end);
  return ct.source.slice(s.start, s.end);
}

function sentenceStart(text: string, at: number): number {
  const from = Math.max(0, at - 300);
  const stop = text.lastIndexOf("。", at);
  return stop >= from ? stop + 1 : at;
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
  re.lastIndex = start;
  for (let m = re.exec(text); m && last && m.index < last.labelStart; m = re.exec(text)) {
    markers.push({ at: m.index, kind: m[0].startsWith("行业") ? "industry" : "stock" });
  }
  const groups = new Map<"stock" | "industry", Group>();
  const labelsOf = new Map<"stock" | "industry", Set<string>>();
  let seen = new Set<string>();
  let fallback: "stock" | "industry" = "stock";
  let mi = -1;
  for (const e of entries) {
    while (mi + 1 < markers.length && markers[mi + 1]!.at < e.labelStart) mi++;
    const marker = mi >= 0 ? markers[mi] : undefined;
    let kind: "stock" | "industry";
    if (marker) {
      kind = marker.kind;
    } else {
      // No heading: a label printed again starts the second (industry) scale.
      if (seen.has(e.label)) {
        fallback = "industry";
        seen = new Set();
      }
      seen.add(e.label);
      kind = fallback;
    }
    let g = groups.get(kind);
    if (!g) {
      g = { headerStart: marker?.at ?? e.labelStart, entries: [] };
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

function buildScale(
  ct: CompactText,
  kind: "stock" | "industry",
  headerStart: number,
  entries: ScaleEntry[],
  markets: Partial<Record<ScaleMarket, Benchmark>>,
  sectionHorizon: { min: number; max: number } | null,
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
  const defs = entries.map((e) => e.def).join("；");
  const header = ct.text.slice(headerStart, entries[0]!.labelStart);
  const qualitative = labels.every((l) => l.min === null && l.max === null);
  const industryRelative = kind === "stock" && INDUSTRY_RELATIVE.test(defs);
  let benchmarks: Partial<Record<ScaleMarket, Benchmark>>;
  if (industryRelative) {
    const printed = /[\u4e00-\u9fa5]{0,6}行业(?:指数|整体|平均)?/.exec(defs)?.[0] ?? "行业指数";
    benchmarks = { A: { name: "industry-index", text: printed }, HK: { name: "industry-index", text: printed } };
  } else {
    benchmarks = { ...markets, ...ownBenchmarks(header + defs) };
  }
  return {
    kind,
    parsed: labels.length > 0,
    relativeTo: industryRelative ? "industry-index" : "market",
    qualitative,
    labels,
    horizonMonths: labelHorizon(entries) ?? sectionHorizon,
    benchmarks,
    raw: slice(ct, headerStart, entries[entries.length - 1]!.defEnd),
  };
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
