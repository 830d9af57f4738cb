import type { RatingLabel, RatingScale } from "../domain/types.js";

/**
 * Rating bands, read the way the brokers phrase them. Bands are printed in percent;
 * excess returns are fractions, so a bound b is compared with excess against b / 100.
 *
 * Boundaries: a value on the border of two labels belongs to the label further from zero.
 * - positive labels are reached at >= their lower bound (增持 5~20 is reached at exactly +5%,
 *   and +20% is already 买入 >20);
 * - negative labels are reached at <= their upper bound (-5% is 减持 <-5, -15% is 卖出 <-15);
 * - neutral labels hold strictly inside their band (中性 -5~5 holds for -5% < x < +5%).
 */

/** Whether a label has a numeric band at all (qualitative labels have neither bound). */
export function isNumeric(label: RatingLabel): boolean {
  return label.min !== null || label.max !== null;
}

/** The rating's verdict test: was its band reached in its direction? */
export function bandReached(label: RatingLabel, excess: number): boolean {
  switch (label.direction) {
    case "positive":
      return label.min !== null ? excess >= label.min / 100 : label.max !== null && excess < label.max / 100;
    case "negative":
      return label.max !== null ? excess <= label.max / 100 : label.min !== null && excess > label.min / 100;
    case "neutral":
      return strictlyInside(label, excess);
  }
}

/** Whether excess falls in this label's band (as opposed to merely reaching it). */
export function inBand(label: RatingLabel, excess: number): boolean {
  switch (label.direction) {
    case "positive":
      return label.min !== null && excess >= label.min / 100 && (label.max === null || excess < label.max / 100);
    case "negative":
      return label.max !== null && excess <= label.max / 100 && (label.min === null || excess > label.min / 100);
    case "neutral":
      return isNumeric(label) && strictlyInside(label, excess);
  }
}

function strictlyInside(label: RatingLabel, excess: number): boolean {
  return (label.min === null || excess > label.min / 100) && (label.max === null || excess < label.max / 100);
}

/** The label of the scale whose band holds the excess, or null (qualitative scale, or a gap between bands). */
export function realizedLabel(scale: RatingScale, excess: number): RatingLabel | null {
  for (const label of scale.labels) {
    if (inBand(label, excess)) return label;
  }
  return null;
}

/** A printed rating's label in the scale: exact label first, then the English label, ignoring case and spaces. */
export function findLabel(scale: RatingScale, rating: string): RatingLabel | null {
  for (const l of scale.labels) if (l.label === rating) return l;
  const wanted = rating.replace(/\s+/g, "");
  const exact = scale.labels.find((l) => l.label.replace(/\s+/g, "") === wanted);
  if (exact) return exact;
  const lower = wanted.toLowerCase();
  return scale.labels.find((l) => l.en !== null && l.en.replace(/\s+/g, "").toLowerCase() === lower) ?? null;
}

/** The broker's lowest positive label with a lower bound (增持 ≥ +5 on 开源's scale), or null. */
export function lowestPositiveLabel(scale: RatingScale): RatingLabel | null {
  let best: RatingLabel | null = null;
  for (const l of scale.labels) {
    if (l.direction !== "positive" || l.min === null) continue;
    if (best === null || l.min < (best.min as number)) best = l;
  }
  return best;
}

function pct(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** "买入 >= +15", "减持 <= -5", "中性 -5~+5": what a verdict tests. */
export function describeLabel(label: RatingLabel): string {
  switch (label.direction) {
    case "positive":
      return label.min !== null ? `${label.label} >= ${pct(label.min)}` : `${label.label} < ${pct(label.max ?? 0)}`;
    case "negative":
      return label.max !== null ? `${label.label} <= ${pct(label.max)}` : `${label.label} > ${pct(label.min ?? 0)}`;
    case "neutral":
      return `${label.label} ${label.min === null ? "" : pct(label.min)}~${label.max === null ? "" : pct(label.max)}`;
  }
}
