import type { LabelDirection, Resolution, Stance } from "../../domain/types.js";
import type { CompactText } from "../text/compact.js";
import type { PhraseMatcher } from "../text/phrases.js";
import type { Scope } from "./advice.js";
import type { Candidate } from "./candidate.js";
import { codeIn, type Item, looksLikeName, nameCandidates, splitItems } from "./items.js";
import type { Lookup } from "./lookup.js";

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
  const reads: Array<Read | Read[] | null> = items.map((item) => readItem(ctx, item));
  const anyResolved = reads.some((r) => r !== null && (Array.isArray(r) || r.resolution.status === "resolved"));
  reads.forEach((r, k) => {
    if (r === null) return;
    const parts = Array.isArray(r) ? r : [r];
    for (const p of parts) {
      const known = p.resolution.status === "resolved";
      if (!known) {
        if (p.item.afterList || !looksLikeName(p.folded)) continue;
        const prev = items[k - 1];
        const inList = p.item.endedBy === "、" || prev?.endedBy === "、";
        if (!p.code && !(inList && anyResolved)) continue;
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

function readItem(ctx: ListContext, item: Item): Read | Read[] | null {
  if (item.endedBy === ":" || item.endedBy === "：") return null;
  if (item.end - item.start > MAX_ITEM) return gluedOnly(ctx, item);
  const { ct, lookup } = ctx;
  let code: string | null = null;
  let rating: string | null = null;
  if (item.note) {
    code = codeIn(item.note)?.code ?? null;
    rating = ctx.ratings.find(item.note)?.phrase ?? null;
  }
  let { start, end } = item;
  const glued = codeIn(ct.text.slice(start, end));
  if (glued && !code) {
    code = glued.code;
    if (glued.index === 0) start += glued.length;
    else end = start + glued.index;
  }
  const security = code ? lookup.byCode(code) : null;
  let ambiguous: Read | null = null;
  let nameLike: Read | null = null;
  let first: Read | null = null;
  for (const range of nameCandidates(ct.text, start, end)) {
    const name = ct.raw.slice(range.start, range.end);
    if (name.length < 2) continue;
    const byName = lookup.byName(name);
    // A printed code wins over the name; the name is kept as printed.
    const resolution: Resolution = security ? { status: "resolved", security, matchedName: name } : byName;
    const folded = ct.text.slice(range.start, range.end);
    const read: Read = { item, start: range.start, end: range.end, name, folded, code, rating, resolution };
    if (byName.status === "resolved" && (!security || byName.security.symbol === security.symbol)) return read;
    first ??= read;
    if (resolution.status === "ambiguous") ambiguous ??= read;
    if (looksLikeName(folded)) nameLike = read;
  }
  if (security) return nameLike ?? first;
  const split = gluedNames(ctx, start, end);
  if (split) return split.map((s) => ({ ...s, folded: ct.text.slice(s.start, s.end), item, code: null, rating }));
  return ambiguous ?? nameLike ?? first;
}

/** A long item can only be names glued together (a list whose punctuation was lost). */
function gluedOnly(ctx: ListContext, item: Item): Read[] | null {
  if (item.end - item.start > MAX_GLUED) return null;
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
