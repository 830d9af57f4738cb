import type { Stance } from "../../domain/types.js";
import { type CompactText, lineBreakBefore } from "../text/compact.js";
import type { ZoneSet } from "../text/zones.js";
import { NOT_ADVICE_AFTER, signalMatcher } from "./keywords.js";

/** A stretch of text under one stance: the names listed in it are picks with that stance. */
export interface Scope {
  stance: Stance;
  start: number;
  end: number;
  /** Start of the sentence the stance word stands in (for the pick's evidence). */
  sentenceStart: number;
}

/**
 * Words that are the broker's advice only in its own voice: "我们看好…", "③超市：看好…", but not
 * "北向资金看好…" or "公募基金投资组合中…" (someone else's view or holdings).
 */
const WEAK = new Set(["看好", "投资组合", "股票池"]);
const VOICE_BEFORE =
  /(?:我们|建议|继续|持续|重点|仍然|仍|依然|依旧|长期|坚定|维持|更加|更|最|首先|同时|也|均|本周|本月|后续|推荐)$/;
const CLAUSE_START = /(?:^|[。；;：:，,、)）\]!?！？●■◆▪•➤►-]|\d[.、)）]|[①-⑳])$/;

function brokersVoice(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 6), at);
  return VOICE_BEFORE.test(before) || CLAUSE_START.test(before);
}

/** Advice said not to be advice (不构成…推荐, 不代表…推荐). */
const NEGATED = /不构成|不作为|并不构成|不代表|不应视为|不视为|并非/;

/** How far a heading-style stance ("建议关注：" followed by a numbered list) may reach. */
const SECTION_REACH = 2000;
/** More stance clauses than any report prints; past it the text is repetition or noise. */
export const MAX_SCOPES = 20_000;

/**
 * Walks the text once, left to right. A stance word sets the stance of its sentence; one written
 * as a heading ("建议关注：", "受益标的：") sets it for the section that follows, until a bullet,
 * a heading, a risk section or another heading-style stance. Sentence ends fall back to the
 * section's stance. Excluded zones (related reports, titles, the rating definitions) are skipped
 * and end any stance.
 */
export function stanceScopes(ct: CompactText, end: number, excluded: ZoneSet): Scope[] {
  const text = ct.text;
  const signals = signalMatcher();
  const scopes: Scope[] = [];
  let stance: Stance | null = null;
  let section: { stance: Stance; until: number; heading: number; own: boolean } | null = null;
  let segStart = 0;
  let sentenceStart = 0;

  // Whether the stance comes from a heading, not from the sentence: such a sentence that turns
  // to price moves (…爱婴室等涨停) lists no picks.
  let inherited = false;
  const close = (at: number, market = false): void => {
    if (market && inherited) return;
    if (stance !== null && at > segStart) scopes.push({ stance, start: segStart, end: at, sentenceStart });
  };
  excluded.reset();
  let i = 0;
  while (i < end && scopes.length < MAX_SCOPES) {
    const zone = excluded.at(i);
    if (zone) {
      close(i);
      stance = null;
      section = null;
      i = Math.max(zone.end, i + 1);
      segStart = i;
      sentenceStart = i;
      continue;
    }
    if (section && i > section.until) section = null;
    const hit = signals.longestAt(text, i);
    if (!hit || hit.end > end) {
      i++;
      continue;
    }
    const sig = hit.value;
    // "维持推荐评级", "关注度", "不构成对任何人的个人推荐", "北向资金看好…": a mention, not the
    // broker's advice; the scope goes on unchanged.
    if (
      sig.kind === "ignore" ||
      (sig.kind === "stance" &&
        (NOT_ADVICE_AFTER.test(text.slice(hit.end, hit.end + 4)) ||
          NEGATED.test(text.slice(Math.max(0, i - 12), i)) ||
          (WEAK.has(hit.phrase) && !brokersVoice(text, i) && !isHeading(ct, hit.end))))
    ) {
      i = hit.end;
      continue;
    }
    close(i, sig.kind === "market");
    if (sig.kind === "sentence") {
      if (section && !sectionGoesOn(text, section, sentenceStart, i, hit.end)) section = null;
      if (section) section.own = false;
      stance = section?.stance ?? null;
      inherited = stance !== null;
      sentenceStart = hit.end;
    } else if (sig.kind === "market") {
      // The rest of the sentence lists price moves; the section's stance comes back after it.
      stance = null;
    } else if (sig.kind === "section") {
      stance = null;
      section = null;
      sentenceStart = hit.end;
    } else {
      stance = sig.stance;
      inherited = false;
      if (isHeading(ct, hit.end)) {
        section = { stance: sig.stance, until: hit.end + SECTION_REACH, heading: hit.end, own: true };
      }
    }
    i = hit.end;
    segStart = i;
  }
  if (scopes.length < MAX_SCOPES) close(end);
  return scopes;
}

const ENUM_START = /^(?:\d{1,2}[)）.、]|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,2}[、)）]|[●➤►■◆▪•-])/;
const LABEL_START = /^[\u4e00-\u9fa5A-Za-z0-9+&]{1,12}[:：]/;

/**
 * Whether a heading's stance reaches past the sentence that ends at `end`: the list goes on when
 * the next sentence is numbered or bulleted, when the heading stood alone (具体配置思路。原料药：…),
 * or when category follows category (原料药：…等。医疗器械：…). A heading that listed its names in
 * its own sentence (重点推荐公司：A、B和C。) ends there.
 */
function sectionGoesOn(
  text: string,
  section: { heading: number; own: boolean },
  sentenceStart: number,
  end: number,
  next: number,
): boolean {
  const following = text.slice(next, next + 16);
  if (ENUM_START.test(following)) return true;
  if (section.own) return end - section.heading <= 2;
  return LABEL_START.test(text.slice(sentenceStart, sentenceStart + 16)) && LABEL_START.test(following);
}

/** "建议关注：", "受益标的:", or the word alone at the end of a printed line. */
function isHeading(ct: CompactText, after: number): boolean {
  const next = ct.text.slice(after, after + 4);
  if (/^(?:标的|个股|公司|组合|股票)?(?:如下)?[:：。]/.test(next)) return true;
  return after < ct.text.length && lineBreakBefore(ct, after);
}
