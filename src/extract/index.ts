import type { ExtractedReport, LabelDirection, RatingLabel, SecurityResolver } from "../domain/types.js";
import { extractAnalysts } from "./analysts.js";
import { identifyBroker } from "./broker.js";
import { extractIndustryRating, extractSector, extractTitle } from "./header.js";
import { RATING_LABELS } from "./lexicon.js";
import { extractPicks } from "./picks/index.js";
import { Lookup } from "./picks/lookup.js";
import { chooseReportDate } from "./report-date.js";
import { labelMatcher } from "./scales/entries.js";
import { parseRatingScales } from "./scales/index.js";
import { compactText } from "./text/compact.js";
import { scanDates } from "./text/dates.js";
import { PhraseMatcher } from "./text/phrases.js";
import { disclaimerStart, relatedZones, titleZones, tocZones, ZoneSet } from "./text/zones.js";

export interface ExtractOptions {
  resolver: SecurityResolver;
  /** The file the text came from: its name is the title when the text's headline cannot be told. */
  fileName?: string;
}

/** How far into the text the header (date, rating, authors) is looked for, at least. */
const HEADER_MIN = 1500;
const RATING_REACH = 3000;
const MAX_CHARS = 1_000_000;

/**
 * Reads one broker report: broker, date, title, sector, industry rating, analysts, the broker's
 * own rating scales and every pick with its stance and printed rating. Pure: no I/O, no clock;
 * the only outside knowledge is the security resolver. Linear in the text's length.
 */
export function extractReport(text: string, options: ExtractOptions): ExtractedReport {
  if (typeof text !== "string") throw new TypeError("extractReport: text must be a string");
  const warnings: string[] = [];
  // No report runs to a million characters; reading only that much bounds the time any input takes.
  const analysed = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  if (analysed !== text) {
    warnings.push(`text has ${text.length} characters; only the first ${MAX_CHARS} were read`);
  }
  const ct = compactText(analysed);
  const body = ct.text;

  const dates = scanDates(ct);
  const related = relatedZones(body, dates);
  const disclaimer = disclaimerStart(body);
  const scales = parseRatingScales(ct);
  warnings.push(...scales.warnings);
  const scaleZone = scales.span ? [scales.span] : [];

  let analysts = extractAnalysts(ct, disclaimer);
  if (analysts.length === 0) analysts = extractAnalysts(ct, body.length);
  const headerEnd = Math.min(Math.max(HEADER_MIN, authorBlockEnd(body) + 300), Math.max(disclaimer, HEADER_MIN));

  const date = chooseReportDate(ct, dates, {
    headerEnd,
    disclaimerStart: disclaimer,
    related: new ZoneSet(related),
    excluded: new ZoneSet(scaleZone),
  });
  if (!date) warnings.push("no report date printed and none could be inferred");

  const industryLabels = new Set(
    scales.scales.industry?.labels.map((l) => l.label) ?? RATING_LABELS.map(([label]) => label),
  );
  const industryRating = extractIndustryRating(
    ct,
    Math.min(body.length, Math.max(RATING_REACH, headerEnd)),
    industryLabels,
  );

  const stockLabels = scales.scales.stock?.labels ?? [];
  const ratings =
    stockLabels.length > 0
      ? new PhraseMatcher<LabelDirection>(stockLabels.map((l) => [l.label, l.direction] as const))
      : labelMatcher();
  const order = [...stockLabels].sort((a, b) => strength(b) - strength(a)).map((l) => l.label);
  const title = extractTitle(analysed, ct, options.fileName);
  const picks = extractPicks({
    title,
    ct,
    lookup: new Lookup(options.resolver, date?.value ?? null),
    ratings,
    order,
    excluded: new ZoneSet([...related, ...titleZones(body), ...tocZones(body), ...scaleZone]),
    end: disclaimer,
    headerEnd,
    warnings,
  });
  // The issuing broker is never a pick of its own report ("国金证券的关联机构可能会持有…").
  const broker = identifyBroker(ct, warnings);
  const own = picks.filter((p) => p.resolution.status === "resolved" && p.resolution.security.name === broker.name);
  for (const p of own) picks.splice(picks.indexOf(p), 1);
  if (picks.length === 0) warnings.push("no picks found");
  const unresolved = picks.filter((p) => p.resolution.status !== "resolved").length;
  if (unresolved > 0) warnings.push(`${unresolved} pick(s) could not be resolved to a listed security`);

  return {
    broker,
    date,
    title,
    sector: extractSector(ct, related),
    industryRating,
    analysts,
    ratingScales: scales.scales,
    picks,
    warnings,
  };
}

/** End of the author block: the last licence number or e-mail address on the first page. */
function authorBlockEnd(body: string): number {
  const half = body.slice(0, Math.min(6000, Math.floor(body.length / 2)));
  let last = 0;
  for (const m of half.matchAll(/S\d{13}|@[A-Za-z0-9.-]+/g)) last = m.index + m[0].length;
  return last;
}

export type { ExtractedReport } from "../domain/types.js";

/** A label's place on its scale: by its band, the direction breaking ties for qualitative labels. */
function strength(l: RatingLabel): number {
  const base = l.direction === "positive" ? 1000 : l.direction === "negative" ? -1000 : 0;
  return base + (l.min ?? (l.max !== null ? l.max - 100 : 0));
}
