import type { LabelDirection, Resolution, Security, Stance } from "../../domain/types.js";
import { NO_RATING } from "../lexicon.js";
import { type CompactText, gapBefore } from "../text/compact.js";
import type { PhraseMatcher } from "../text/phrases.js";
import type { ZoneSet } from "../text/zones.js";
import { readCall } from "./calls.js";
import type { Candidate } from "./candidate.js";
import { looksLikeName } from "./items.js";
import { NOT_ADVICE_AFTER, signalMatcher } from "./keywords.js";
import type { Lookup } from "./lookup.js";
import { namesSecurity } from "./lookup.js";

/**
 * Securities printed with a code and a rating of the report's own scale: rows of a coverage or
 * valuation table (300418 昆仑万维 … 买入) and inline mentions (爱美客（300896，买入）). Works on
 * the compact text, where a table row is the stretch from one code to the next. Comparable-
 * company tables (可比公司) are skipped: their rows are someone else's estimates.
 */
export interface TableContext {
  ct: CompactText;
  lookup: Lookup;
  ratings: PhraseMatcher<LabelDirection>;
  excluded: ZoneSet;
  end: number;
}

const CODE =
  /(\d{6})(?:\.(?:SH|SZ|SS|BJ)|(?:CH|CN|C1|C2)(?:Equity)?(?![A-Za-z]))?|(\d{3,5})\.?HK(?:Equity)?(?![A-Za-z])/gi;
const ROW_STOP = /。|资料来源|数据来源|注[:：]|备注/;
const CAPTION = /(?:图表|表格|表|Table)\d{1,3}[:：]?/g;
const NAME_RUN = /^[\u4e00-\u9fa5A-Za-z*-]{2,12}/;
const NAME_RUN_BEFORE = /[\u4e00-\u9fa5A-Za-z*-]{2,12}$/;
const GAP_OK = /^[\d.,%+\-A-Za-z/()\u4e00-\u9fa5]*$/;

const MAX_CODES = 5000;
/** Shanghai (60, 68, 90), Shenzhen (00, 30, 20), Beijing and the NEEQ (43, 83, 87, 92). */
const A_CODE_PREFIX = /^(?:60|68|90|00|30|20|43|83|87|92)/;

export interface CodeHit {
  code: string;
  start: number;
  end: number;
  /** False for a code the text never prints (a company named with its code only in the title). */
  printed?: boolean;
}

export function codesIn(ctx: TableContext): CodeHit[] {
  const text = ctx.ct.text;
  const out: CodeHit[] = [];
  const re = new RegExp(CODE.source, "gi");
  // Coverage tables list tens of codes; a cap keeps a text of nothing but digits cheap.
  for (let m = re.exec(text); m && m.index < ctx.end && out.length < MAX_CODES; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text[start - 1];
    // A letter may precede (2024E300418 once the line break is lost); a digit or a point may not,
    // unless the security's own name stands on the other side (迈瑞医疗300760478.18: name, code, price).
    const gluedBefore = before !== undefined && /[\d.]/.test(before) && !gapBefore(ctx.ct, start);
    const gluedAfter = /\d/.test(text[end] ?? "") && !gapBefore(ctx.ct, end);
    if (gluedBefore || gluedAfter) {
      const security = gluedBefore && gluedAfter ? null : ctx.lookup.byCode(m[1] ?? m[2]!.padStart(5, "0"));
      const named = security && (gluedAfter ? nameBefore(ctx, start, security) : nameAfter(ctx, end, security));
      if (!named) {
        // The code may start a digit later (29.64600521.SH华海药业: a price's digits glued before it).
        re.lastIndex = start + 1;
        continue;
      }
    }
    if (ctx.excluded.contains(start)) continue;
    // Six digits that no exchange issues (599300 in a price table) are no code.
    if (m[1] && !A_CODE_PREFIX.test(m[1])) continue;
    out.push({ code: m[1] ?? m[2]!.padStart(5, "0"), start, end });
  }
  return out;
}

export function ratedCandidates(ctx: TableContext, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const codes = codesIn(ctx);
  const captions = [...text.slice(0, ctx.end).matchAll(CAPTION)].map((m) => m.index);
  let ci = 0;
  // A long table's header stands far above its last rows: a row right after a rated row is rated too.
  let rated = false;
  let lastEnd = -1;
  codes.forEach((hit, k) => {
    rated = ratingColumn(text, hit.start) || (rated && hit.start - lastEnd < ROW_GAP);
    lastEnd = hit.end;
    while (ci + 1 < captions.length && captions[ci + 1]! < hit.start) ci++;
    const caption = captions[ci];
    let captionStance: Stance | null = null;
    if (caption !== undefined && caption < hit.start && hit.start - caption < 2500) {
      const title = text.slice(caption, caption + CAPTION_TITLE);
      if (/可比/.test(title)) return;
      // A table titled 十大金股 / 推荐组合 / 建议关注组合 lists picks with that stance, rated or not,
      // as long as its source line has not closed it.
      if (!/资料来源|数据来源/.test(text.slice(caption, hit.start))) captionStance = stanceOf(title);
    }
    const security = ctx.lookup.byCode(hit.code);
    if (text[hit.start - 1] === "(") {
      inline(ctx, hit, security, emit);
      return;
    }
    if (/可比公司|可比上市公司/.test(text.slice(Math.max(0, hit.start - 300), hit.start))) return;
    const next = codes[k + 1]?.start ?? ctx.end;
    row(ctx, hit, security, Math.min(next, ctx.end), captionStance, rated, emit);
  });
}

const CELL_CHAR = /[\d.,%+\-()/A-Za-z]/;
const MAX_ROW_CELLS = 160;

/**
 * Rows of a table that prints no codes: a known name, its figures, then its rating
 * (迪安诊断25.310.480.640.871.17…1.12买入). Read backwards from each rating word: the figures
 * (at least two decimals, so a sentence never passes for a row) and right before them the name.
 */
export function uncodedRows(ctx: TableContext, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  for (const hit of ctx.ratings.scan(text, 0, ctx.end)) {
    let q = hit.start;
    const floor = Math.max(0, hit.start - MAX_ROW_CELLS);
    while (q > floor && CELL_CHAR.test(text[q - 1]!)) q--;
    // A letter right after a Chinese name ends the name (京东方A6.27…), it opens no cell.
    while (q < hit.start && /[A-Za-z]/.test(text[q]!) && /[\u4e00-\u9fa5]/.test(text[q - 1] ?? "")) q++;
    const cells = text.slice(q, hit.start);
    if ((cells.match(/\d\.\d/g)?.length ?? 0) < 2) continue;
    if (ctx.excluded.contains(q)) continue;
    if (/可比/.test(text.slice(Math.max(0, q - 400), q))) continue;
    if (!ratingColumn(text, q)) continue;
    const name = nameBefore(ctx, q, null);
    // Two characters are too often a word or another company's short name (东方 of 京东方).
    if (!name || name.name.length < 3 || name.resolution.status !== "resolved") continue;
    const security = name.resolution.security;
    emit({
      name: name.name,
      printedCode: null,
      stance: hit.value === "positive" ? "recommend" : "watch",
      rating: hit.phrase,
      start: name.start,
      end: name.end,
      resolution: { status: "resolved", security, matchedName: name.name },
      clause: { start: name.start, end: hit.end },
    });
  }
}

/** 爱美客(300896,买入): a rating inside the code's own parentheses. */
function inline(ctx: TableContext, hit: CodeHit, security: Security | null, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const close = text.slice(hit.end, hit.end + 24).indexOf(")");
  if (close < 0) return;
  const note = text.slice(hit.end, hit.end + close);
  const rating = ctx.ratings.find(note);
  const nameEnd = hit.start - 1;
  if (rating) {
    const name = nameBefore(ctx, nameEnd, security);
    if (name) {
      emitRated(
        name,
        hit,
        security,
        rating.phrase,
        rating.value,
        { start: name.start, end: hit.end + close + 1 },
        emit,
      );
    }
    return;
  }
  // 药明康德（2359.HK）：维持买入评级，目标价至151.0港元。 The clause after the code rates it.
  const after = hit.end + close + 1;
  let window = text.slice(after, Math.min(ctx.end, after + CALL_CLAUSE));
  const stop = /[。;；]/.exec(window);
  if (stop) window = window.slice(0, stop.index);
  const call = readCall(window, ctx.ratings);
  if (!call.rating || !/评级|首次|维持|上调|下调/.test(window)) return;
  const name = nameBefore(ctx, nameEnd, security);
  if (!name) return;
  const clause = { start: name.start, end: after + window.length };
  emitRated(name, hit, security, call.rating.label, call.rating.direction, clause, (c) =>
    emit({ ...c, action: call.action, target: call.target }),
  );
}

/** How far after a company's code the clause rating it may run. */
const CALL_CLAUSE = 60;

const RATE_VERB = /首次覆盖并给予|首次覆盖给予|首次覆盖|首次给予|继续给予|维持|给予|上调|下调|调高|调低|重申/g;

/**
 * "维持迈瑞医疗“买入”评级", "首次覆盖测试科技，给予“增持”评级": a rating verb, a known name, the
 * label and the word 评级 — the way a report rates a company without a code or a table.
 */
export function ratedInText(ctx: TableContext, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const raw = ctx.ct.raw;
  const re = new RegExp(RATE_VERB.source, "g");
  for (let m = re.exec(text); m && m.index < ctx.end; m = re.exec(text)) {
    let j = m.index + m[0].length;
    if (text[j] === "对") j++;
    const name = ctx.lookup.longestNameAt(raw, j);
    if (!name || name.length < 2) continue;
    const resolution = ctx.lookup.byName(name);
    if (resolution.status !== "resolved") continue;
    let k = j + name.length;
    if (text[k] === ",") k++;
    const link = /^(?:给予|为|至)/.exec(text.slice(k, k + 2));
    if (link) k += link[0].length;
    while (/[“”"']/.test(text[k] ?? "")) k++;
    const label = ctx.ratings.longestAt(text, k);
    if (!label) continue;
    let e = label.end;
    while (/[“”"']/.test(text[e] ?? "")) e++;
    if (!/^(?:的)?(?:投资)?评级/.test(text.slice(e, e + 5))) continue;
    if (ctx.excluded.contains(m.index)) continue;
    const call = readCall(`${m[0]}${label.phrase}评级`, ctx.ratings);
    emit({
      name,
      printedCode: null,
      stance: label.value === "positive" ? "recommend" : "watch",
      rating: label.phrase,
      action: call.action,
      target: null,
      start: j,
      end: j + name.length,
      resolution,
      clause: { start: m.index, end: e },
    });
  }
}

function row(
  ctx: TableContext,
  hit: CodeHit,
  security: Security | null,
  limit: number,
  captionStance: Stance | null,
  rated: boolean,
  emit: (c: Candidate) => void,
): void {
  const text = ctx.ct.text;
  const name = nameAfter(ctx, hit.end, security) ?? nameBefore(ctx, hit.start, security);
  if (!name) return;
  const from = Math.max(hit.end, name.end);
  let to = Math.min(limit, from + 220);
  const stop = ROW_STOP.exec(text.slice(from, to));
  if (stop) to = from + stop.index;
  let rating = ctx.ratings.find(text, from, to);
  if (rating && !rated) rating = null;
  if (rating) {
    const gap = text.slice(from, rating.start);
    const rowGap = GAP_OK.test(gap) && (gap.match(/[\u4e00-\u9fa5]/g)?.length ?? 0) <= 8;
    if (!rowGap || NO_RATING.some((w) => w.length > 1 && /[\u4e00-\u9fa5]/.test(w) && gap.includes(w))) rating = null;
  }
  const span = { start: Math.min(hit.start, name.start), end: rating?.end ?? name.end };
  if (rating) {
    emitRated(name, hit, security, rating.phrase, rating.value, span, (c) =>
      emit(captionStance === "recommend" ? { ...c, stance: "recommend" } : c),
    );
  } else if (captionStance && name.resolution.status === "resolved") {
    emit({
      name: name.name,
      printedCode: hit.code,
      stance: captionStance,
      rating: null,
      start: name.start,
      end: name.end,
      resolution: name.resolution,
      clause: span,
    });
  }
}

/** Longest stretch between two rows of one table. */
const ROW_GAP = 400;
/** How far before a row its table's header may stand. */
const HEADER_REACH = 2500;
const RATING_HEADER = /评级|Rating|投资建议|投资意见/i;

/**
 * Whether the table a row belongs to has a rating column: its header names one. A table of
 * shareholders' 增持/减持 (changes in holdings) prints the same words without one.
 */
function ratingColumn(text: string, row: number): boolean {
  return RATING_HEADER.test(text.slice(Math.max(0, row - HEADER_REACH), row));
}

/** How much of a caption is its title. */
const CAPTION_TITLE = 40;

/** The stance a table's title gives its rows (十大金股, 推荐组合, 建议关注组合), or null. */
function stanceOf(title: string): Stance | null {
  const signals = signalMatcher();
  for (let i = 0; i < title.length; i++) {
    const hit = signals.longestAt(title, i);
    if (!hit) continue;
    if (hit.value.kind === "stance" && !NOT_ADVICE_AFTER.test(title.slice(hit.end, hit.end + 4)))
      return hit.value.stance;
    // The title ends at its first sentence end, or at a word that turns it to price moves.
    if (hit.value.kind !== "ignore") return null;
    i = hit.end - 1;
  }
  return null;
}

export interface NameAt {
  start: number;
  end: number;
  name: string;
  resolution: Resolution;
}

/** The name printed right after a code: the longest prefix naming the coded security, else a known name. */
export function nameAfter(ctx: TableContext, at: number, security: Security | null): NameAt | null {
  const run = NAME_RUN.exec(ctx.ct.raw.slice(at, at + 12))?.[0];
  if (!run) return null;
  if (security) {
    for (let len = run.length; len >= 2; len--) {
      const name = run.slice(0, len);
      if (namesSecurity(ctx.lookup, name, security))
        return { start: at, end: at + len, name, resolution: resolved(security, name) };
    }
  }
  // Another security's name is no name for this code (000403双林生物: not 双林, 双林股份's short name).
  const known = security ? null : ctx.lookup.longestNameAt(ctx.ct.raw, at);
  if (known) return { start: at, end: at + known.length, name: known, resolution: ctx.lookup.byName(known) };
  // Not a name the resolver knows: keep the printed run (up to the first digit), unresolved
  // unless the code resolved.
  const printedName = /^[^\d]{2,8}/.exec(run)?.[0];
  if (!printedName || !looksLikeName(ctx.ct.text.slice(at, at + printedName.length))) return null;
  // A rating or its action printed after the previous row's code is no name (推荐维持300529…).
  if (ctx.ratings.longestAt(printedName, 0) || /^(?:维持|首次|上调|下调|调高|调低)/.test(printedName)) return null;
  const resolution: Resolution = security ? resolved(security, printedName) : { status: "unknown" };
  return { start: at, end: at + printedName.length, name: printedName, resolution };
}

/** The name printed right before a code (昆仑万维300418 / 昆仑万维(300418)). */
export function nameBefore(ctx: TableContext, at: number, security: Security | null): NameAt | null {
  const run = NAME_RUN_BEFORE.exec(ctx.ct.raw.slice(Math.max(0, at - 12), at))?.[0];
  if (!run) return null;
  for (let len = run.length; len >= 2; len--) {
    const name = run.slice(run.length - len);
    const start = at - len;
    if (security && namesSecurity(ctx.lookup, name, security))
      return { start, end: at, name, resolution: resolved(security, name) };
    if (!security) {
      const r = ctx.lookup.byName(name);
      if (r.status === "resolved") return { start, end: at, name, resolution: r };
    }
  }
  return null;
}

function resolved(security: Security, name: string): Resolution {
  return { status: "resolved", security, matchedName: name };
}

function emitRated(
  name: NameAt,
  hit: CodeHit,
  security: Security | null,
  rating: string,
  direction: LabelDirection,
  clause: { start: number; end: number },
  emit: (c: Candidate) => void,
): void {
  emit({
    name: name.name,
    printedCode: hit.code,
    stance: direction === "positive" ? "recommend" : "watch",
    rating,
    start: name.start,
    end: name.end,
    resolution: security ? resolved(security, name.name) : name.resolution,
    clause: { start: Math.min(clause.start, hit.start), end: clause.end },
  });
}
