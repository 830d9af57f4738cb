import type { LabelDirection, Resolution, ResolveHint, Security, Stance } from "../../domain/types.js";
import type { CompactText } from "../text/compact.js";
import type { PhraseMatcher } from "../text/phrases.js";
import type { Scope } from "./advice.js";
import type { Candidate } from "./candidate.js";
import { codeIn, type Item, looksLikeName, nameCandidates, splitItems } from "./items.js";
import { type Lookup, namesSecurity } from "./lookup.js";

/**
 * Names listed under a stance. Each item is resolved as printed (then without filler words
 * such as 包括/如); a name the resolver does not know is kept, unresolved, when it stands in a
 * 、-separated list or carries a code, and reads like a company name. An item that is several
 * known names glued together (punctuation lost) is split with the resolver's name index.
 */
export interface ListContext {
  ct: CompactText;
  lookup: Lookup;
  ratings: PhraseMatcher<LabelDirection>;
  /** Scopes already read (stance + text): a list printed again adds nothing but work. */
  seen: Set<string>;
}

const MAX_ITEM = 40;
const MAX_GLUED = 240;

interface Read {
  item: Item;
  start: number;
  end: number;
  name: string;
  /** The name folded (width, traditional characters), for checks. */
  folded: string;
  code: string | null;
  rating: string | null;
  resolution: Resolution;
}

export function listedCandidates(ctx: ListContext, scope: Scope, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const key = `${scope.stance}:${text.slice(scope.start, scope.end)}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  const items = splitItems(text, scope.start, scope.end);
  // "港股核心推荐：美团", "重点推荐H股…": the market the list is of.
  const scopeHint = marketHint(text.slice(Math.max(scope.sentenceStart, scope.start - HINT_REACH), scope.start));
  const reads: Array<Read | Read[] | null> = items.map((item) => readItem(ctx, item, scopeHint));
  reads.forEach((r, k) => {
    if (r === null) return;
    const parts = Array.isArray(r) ? r : [r];
    for (const p of parts) {
      const known = p.resolution.status === "resolved";
      if (!known) {
        if (p.item.afterList || !looksLikeName(p.folded)) continue;
        // An unknown name counts with a printed code, or listed (、) right beside a known one.
        if (!p.code && !besideKnown(items, reads, k)) continue;
      }
      emit({
        name: p.name,
        printedCode: p.code,
        stance: scope.stance as Stance,
        rating: p.rating,
        start: p.start,
        end: p.end,
        resolution: p.resolution,
        clause: { from: scope.sentenceStart },
      });
    }
  });
}

function isKnown(r: Read | Read[] | null | undefined): boolean {
  return r !== null && r !== undefined && (Array.isArray(r) || r.resolution.status === "resolved");
}

function besideKnown(items: Item[], reads: Array<Read | Read[] | null>, k: number): boolean {
  const before = k > 0 && items[k - 1]!.endedBy === "、" && isKnown(reads[k - 1]);
  const after = items[k]!.endedBy === "、" && isKnown(reads[k + 1]);
  return before || after;
}

/** Words that are also some security's short name: alone, without a code, they name nothing. */
const COMMON_WORDS = new Set([
  "龙头",
  "未来",
  "友好",
  "矩阵",
  "生物",
  "科技",
  "医药",
  "中国",
  "国际",
  "创新",
  "精准",
  "智能",
  "健康",
  "时代",
  "稳健",
  "领先",
  "成长",
  "价值",
  "优质",
  "核心",
  "高端",
  "特色",
  "国产",
  "东方",
  "华夏",
  "长城",
  "中信",
  "平安",
  "光大",
  "招商",
  "海通",
  "国信",
  "兴业",
  "浦发",
  "民生",
  "华泰",
  "方正",
]);

/** How far before a list a market word still says which market the list is of. */
const HINT_REACH = 10;
const MARKET_WORD = /(港股通?|H股|香港|A股)(?!.*(?:港股|H股|香港|A股))/;

/** The market the last market word in `words` names (港股 → HK, A股 → A), if any. */
function marketHint(words: string): ResolveHint {
  const m = MARKET_WORD.exec(words);
  if (!m) return {};
  return { market: m[1] === "A股" ? "A" : "HK" };
}

function readItem(ctx: ListContext, item: Item, hint: ResolveHint): Read | Read[] | null {
  // "佰仁医疗（20.94%）": a price move, not a pick.
  if (item.note && /^[+-]?\d+(?:\.\d+)?%$/.test(item.note)) return null;
  // "医疗设备类标的：" labels a category; "歌尔股份：2019年…" opens a paragraph about a company.
  const label = item.endedBy === ":" || item.endedBy === "：";
  if (item.end - item.start > MAX_ITEM) return label ? null : gluedOnly(ctx, item);
  const read = readName(ctx, item, hint);
  if (label && !Array.isArray(read) && read?.resolution.status !== "resolved") return null;
  if (read && !Array.isArray(read) && !read.code && COMMON_WORDS.has(read.folded)) return null;
  return read;
}

function readName(ctx: ListContext, item: Item, scopeHint: ResolveHint): Read | Read[] | null {
  const { ct, lookup } = ctx;
  let code: string | null = null;
  let rating: string | null = null;
  let hint = scopeHint;
  if (item.note) {
    code = codeIn(item.note)?.code ?? null;
    rating = ctx.ratings.find(item.note)?.phrase ?? null;
    // 康希诺生物（H股）, 药明康德（港股）
    const noted = marketHint(item.note);
    if (noted.market) hint = noted;
  }
  let { start, end } = item;
  // 港股药明康德, H股康龙化成: the market word belongs to the name's listing, not to the name.
  const lead = /^(?:港股通?|H股|A股)/.exec(ct.text.slice(start, end));
  if (lead && end - start - lead[0].length >= 2) {
    hint = marketHint(lead[0]);
    start += lead[0].length;
  }
  const glued = codeIn(ct.text.slice(start, end));
  if (glued && !code) {
    code = glued.code;
    const after = start + glued.index + glued.length;
    if (glued.index === 0) start = after;
    else {
      // 昆仑万维300418 or, in a table read as a list, 维持603233大参林: the name is whichever side names the code.
      const coded = lookup.byCode(code);
      const run = /^[\u4e00-\u9fa5A-Za-z*-]{2,12}/.exec(ct.raw.slice(after, end))?.[0];
      const before = ct.raw.slice(start, start + glued.index);
      if (coded && run && !namesSecurity(lookup, before, coded) && namesSecurity(lookup, run, coded)) {
        start = after;
        end = after + run.length;
      } else end = start + glued.index;
    }
  }
  const security = code ? lookup.byCode(code) : null;
  let ambiguous: Read | null = null;
  let nameLike: Read | null = null;
  let first: Read | null = null;
  for (const range of nameCandidates(ct.text, start, end)) {
    const name = ct.raw.slice(range.start, range.end);
    if (name.length < 2) continue;
    const byName = lookup.byName(name, hint);
    // A printed code wins over the name; the name is kept as printed.
    const resolution: Resolution = security ? { status: "resolved", security, matchedName: name } : byName;
    const folded = ct.text.slice(range.start, range.end);
    const read: Read = { item, start: range.start, end: range.end, name, folded, code, rating, resolution };
    if (byName.status === "resolved" && (!security || byName.security.symbol === security.symbol)) return read;
    first ??= read;
    if (resolution.status === "ambiguous") ambiguous ??= read;
    if (looksLikeName(folded)) nameLike = read;
  }
  // "金山办公科大讯飞同花顺": names glued together, before any reading of a description.
  const split = security ? null : gluedNames(ctx, start, end);
  if (split) return split.map((s) => ({ ...s, folded: ct.text.slice(s.start, s.end), item, code: null, rating }));
  // "国产医疗设备领导者迈瑞医疗": a description, then the name.
  const tail = trailingName(ctx, start, end, security, hint);
  if (tail) return { item, ...tail, folded: ct.text.slice(tail.start, tail.end), code, rating };
  if (security) return nameLike ?? first;
  const rated = ratedRun(ctx, item, start, end, hint);
  if (rated) return rated;
  // "…、步步高的中期成长和效率提升": the last name of a list, with what is said of it after 的.
  const subject = lookup.longestNameAt(ct.raw, start);
  if (subject && subject.length >= 2 && ct.text[start + subject.length] === "的") {
    const resolution = lookup.byName(subject, hint);
    const subjectEnd = start + subject.length;
    if (resolution.status === "resolved") {
      const folded = ct.text.slice(start, subjectEnd);
      return { item, start, end: subjectEnd, name: subject, folded, code, rating, resolution };
    }
  }
  return ambiguous ?? nameLike ?? first;
}

/**
 * "乐普医疗增持三诺生物增持": known names each followed by its rating, glued together (a cover's
 * recommended-stocks block whose layout was lost). The whole item must be read that way.
 */
function ratedRun(ctx: ListContext, item: Item, start: number, end: number, hint: ResolveHint): Read[] | null {
  const { ct, lookup } = ctx;
  const out: Read[] = [];
  let i = start;
  while (i < end) {
    const name = lookup.longestNameAt(ct.raw, i);
    if (!name || name.length < 2) return null;
    const resolution = lookup.byName(name, hint);
    if (resolution.status !== "resolved") return null;
    const rating = ctx.ratings.longestAt(ct.text, i + name.length);
    if (!rating || rating.end > end) return null;
    out.push({
      item,
      start: i,
      end: i + name.length,
      name,
      folded: ct.text.slice(i, i + name.length),
      code: null,
      rating: rating.phrase,
      resolution,
    });
    i = rating.end;
  }
  return out.length > 0 ? out : null;
}

/** A long item can only be names glued together (a list whose punctuation was lost). */
function gluedOnly(ctx: ListContext, item: Item): Read[] | null {
  if (item.end - item.start > MAX_GLUED) return null;
  const rated = ratedRun(ctx, item, item.start, item.end, {});
  if (rated) return rated;
  const split = gluedNames(ctx, item.start, item.end);
  return (
    split?.map((s) => ({ ...s, folded: ctx.ct.text.slice(s.start, s.end), item, code: null, rating: null })) ?? null
  );
}

/** "金山办公科大讯飞同花顺": known names back to back with nothing else in between. */
function gluedNames(
  ctx: ListContext,
  start: number,
  end: number,
): Array<{ start: number; end: number; name: string; resolution: Resolution }> | null {
  const parts = ctx.lookup.gluedNames(ctx.ct.raw.slice(start, end));
  return (
    parts?.map((p) => ({
      start: start + p.offset,
      end: start + p.offset + p.name.length,
      name: p.name,
      resolution: ctx.lookup.byName(p.name),
    })) ?? null
  );
}

/** Conjunctions, prepositions and verbs that make the words before a name a clause. */
const CLAUSE_CHARS = /[与和及并对从把被让向于而但若即也还都将已在了为由给跟同或]|合作|收购|参股|控股|投资|包括|其中/;

/** Longest name printed before a name is a description ("化学发光龙头安图生物"). */
const MAX_DESCRIBED = 18;

/**
 * A known name that ends the item after a description of the company: the longest such name,
 * naming the printed code's security when there is one.
 */
function trailingName(
  ctx: ListContext,
  start: number,
  end: number,
  security: Security | null,
  hint: ResolveHint,
): { start: number; end: number; name: string; resolution: Resolution } | null {
  const raw = ctx.ct.raw;
  const text = ctx.ct.text;
  // "…已具雏形的乐普医疗": whatever the description says, the name after its last 的 is the head.
  const de = text.lastIndexOf("的", end - 1);
  // 公司的未来发展 is the company's future, not a company named 未来发展.
  if (de >= start && end - de - 1 >= 3 && !/^(?:公司|其|该公司)$/.test(text.slice(start, de))) {
    const name = raw.slice(de + 1, end);
    if (security ? namesSecurity(ctx.lookup, name, security) : false) {
      return { start: de + 1, end, name, resolution: { status: "resolved", security: security!, matchedName: name } };
    }
    const resolution = security ? null : ctx.lookup.byName(name, hint);
    if (resolution?.status === "resolved" && !COMMON_WORDS.has(text.slice(de + 1, end))) {
      return { start: de + 1, end, name, resolution };
    }
  }
  // A two-character name after a description is too often a word (龙头, 未来, 友好).
  for (let s = Math.max(start + 1, end - MAX_DESCRIBED); s <= end - 3; s++) {
    // A description is a noun phrase; a clause ("并与阿里健康") is not one, and "公司" followed by
    // words is the company's own (看好公司未来发展), not a company named 未来发展.
    const description = text.slice(start, s);
    if (CLAUSE_CHARS.test(description) || description === "公司") return null;
    const name = raw.slice(s, end);
    if (security) {
      if (namesSecurity(ctx.lookup, name, security))
        return { start: s, end, name, resolution: { status: "resolved", security, matchedName: name } };
      continue;
    }
    const resolution = ctx.lookup.byName(name, hint);
    if (resolution.status === "resolved") return { start: s, end, name, resolution };
  }
  return null;
}
