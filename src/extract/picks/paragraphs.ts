import { readCall } from "./calls.js";
import type { Candidate } from "./candidate.js";
import type { TableContext } from "./tables.js";

/**
 * Company paragraphs that end in a rating: "5.5上海家化：多品牌矩阵完整……维持增持评级。" A paragraph
 * headed by a company's name and a colon, at the start of a sentence or after its number, that
 * rates the company in its own words (维持/给予/首次覆盖 … 评级) makes the company a pick with that
 * rating, action and target price, as an analyst reads a 重点公司 section.
 */

/** How far a company paragraph runs at most. */
const PARAGRAPH_REACH = 1200;
/** What may stand right before a heading's name: a sentence or section end, or the heading's number. */
const HEADING_BEFORE = /(?:^|[。;；!?！？\]】)）]|\d[.、]|\d|[①-⑳]|[一二三四五六七八九十]、)$/;
const PARAGRAPH_STOP = /风险提示|风险因素|免责声明|资料来源|数据来源/;
/** A rating sentence names its verb or the word 评级. */
const RATING_WORDS = /评级|首次覆盖|维持|上调|下调/;

interface Heading {
  at: number;
  colon: number;
  name: string;
  resolution: Candidate["resolution"];
}

export function ratedParagraphs(ctx: TableContext, emit: (c: Candidate) => void): void {
  const text = ctx.ct.text;
  const raw = ctx.ct.raw;
  const headings: Heading[] = [];
  for (let colon = text.indexOf(":"); colon >= 0 && colon < ctx.end; colon = text.indexOf(":", colon + 1)) {
    if (ctx.excluded.contains(colon)) continue;
    // Only a paragraph that rates something can make a pick: look before naming its heading.
    if (!RATING_WORDS.test(text.slice(colon + 1, colon + 1 + PARAGRAPH_REACH))) continue;
    for (let len = Math.min(12, colon); len >= 2; len--) {
      const start = colon - len;
      if (!HEADING_BEFORE.test(text.slice(Math.max(0, start - 3), start))) continue;
      const name = raw.slice(start, colon);
      const resolution = ctx.lookup.byName(name);
      if (resolution.status !== "resolved") continue;
      headings.push({ at: start, colon, name, resolution });
      break;
    }
  }
  headings.forEach((h, k) => {
    const next = headings[k + 1]?.at ?? ctx.end;
    let window = text.slice(h.colon + 1, Math.min(next, h.colon + 1 + PARAGRAPH_REACH, ctx.end));
    const stop = PARAGRAPH_STOP.exec(window);
    if (stop) window = window.slice(0, stop.index);
    if (!RATING_WORDS.test(window)) return;
    const call = readCall(window, ctx.ratings);
    if (!call.rating) return;
    emit({
      name: h.name,
      printedCode: null,
      stance: call.rating.direction === "positive" ? "recommend" : "watch",
      rating: call.rating.label,
      action: call.action,
      target: call.target,
      start: h.at,
      end: h.colon,
      resolution: h.resolution,
      clause: { start: h.at, end: h.colon + 1 + window.length },
    });
  });
}
