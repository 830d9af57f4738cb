import type { IsoDate, LabelDirection, RatingAction, RatingScale, Stance } from "../domain/types.js";
import { addMonths, isoOf, parseDay } from "./days.js";
import { findLabel, lowestPositiveLabel } from "./labels.js";

/**
 * Calls: one broker's position on one security over time, built from its report picks.
 *
 * - A call **opens** with a report that rates the security or recommends it (推荐 without a
 *   printed rating is the position "(recommend)"). Watch and beneficiary mentions without a
 *   rating take no position: they neither open, reiterate nor close a call.
 * - A later report with the same position **reiterates** it: the call goes on, the report is not
 *   a new bet. An unrated 推荐 reiterates an open positive call (the broker still recommends it).
 * - A report with a different position (another label, or a printed 上调/下调) **closes** the
 *   call on its report date, as an upgrade or a downgrade (by the printed action, else by the
 *   labels' order on the scale), and opens the next call with its own position.
 * - Without a reiteration, a call **expires** at its broker's horizon (the upper bound, "6~12
 *   months" → 12) counted from the last report that opened or reiterated it: each reiteration
 *   is the broker stating its view again with the same horizon from that day, so the horizon
 *   restarts there. A report after that opens a new call even if it prints 维持.
 * - A broker is its firm (`firm`): a report printed under a former name continues its calls.
 *
 * Pure: no prices. Valuing and judging a call is done from its opening entry to its end.
 */
export interface CallPick {
  key: string | number;
  firm: string;
  symbol: string | null;
  reportId: string | number;
  reportDate: IsoDate;
  stance: Stance;
  /** Printed rating, or null. */
  rating: string | null;
  /** The rating's place on its scale (see positionRank); null when unrated or not on the scale. */
  rank: number | null;
  /** The rating's direction on its scale; null when unrated or not on the scale. */
  direction: LabelDirection | null;
  action: RatingAction | null;
  /** The scale's horizon upper bound in months; null when the report's scale prints none. */
  horizonMonths: number | null;
}

export type RatingChangeKind = "upgrade" | "downgrade" | "changed";
export type CallEndReason = RatingChangeKind | "expired";

/** How a report pick stands to the broker's earlier calls on the same security. */
export type PickRole =
  /** Opens a call, the broker's first on the security here (or printed 首次). */
  | "first"
  /** Opens a call after an earlier one of the broker's ended (expired or changed). */
  | "reopen"
  /** Reiterates the open call. */
  | "reiteration"
  /** Takes no position (watch, beneficiary, unresolved security). */
  | "none";

export interface Call {
  /** The opening pick's key: a call is named by the report that opened it. */
  key: string | number;
  firm: string;
  symbol: string;
  /** The printed rating, or "(recommend)" for 推荐 without one. */
  position: string;
  rated: boolean;
  direction: LabelDirection | null;
  openedOn: IsoDate;
  openedBy: string | number;
  /**
   * 首次 as printed, or, when no action is printed, the broker's first call on the security in
   * the store. A printed 维持/上调/下调 on the first call seen says the broker covered it before.
   */
  firstCoverage: boolean;
  /** Keys of the picks that reiterated it, in report order. */
  reiterations: (string | number)[];
  /** Report date of the last pick that opened or reiterated it. */
  lastConfirmedOn: IsoDate;
  /** Reports (ids) that opened or reiterated it. */
  reports: (string | number)[];
  /** When and why it ended; null while open. `by` is the pick that changed it (null for expiry). */
  end: { on: IsoDate; reason: CallEndReason; by: string | number | null } | null;
  /** Date after which it expires without a reiteration; null when its scale prints no horizon. */
  expiresOn: IsoDate | null;
}

export interface RatingChange {
  /** The pick that changed the rating. */
  key: string | number;
  firm: string;
  symbol: string;
  on: IsoDate;
  kind: RatingChangeKind;
  from: string;
  to: string;
  /** The call it closed and the one it opened. */
  closed: string | number;
  opened: string | number;
}

export interface CallHistory {
  calls: Call[];
  changes: RatingChange[];
  /** Each pick's role, by key. */
  roles: Map<string | number, PickRole>;
}

export const RECOMMEND_POSITION = "(recommend)";

/**
 * A label's order on its scale for telling an upgrade from a downgrade: positive above neutral
 * above negative, and within a direction by its band (买入 >20 above 增持 5~20). Unrated 推荐
 * ranks as the scale's lowest positive label.
 */
export function positionRank(scale: RatingScale | null, rating: string | null, stance: Stance): number | null {
  if (scale === null) return null;
  const label = rating !== null ? findLabel(scale, rating) : stance === "recommend" ? lowestPositiveLabel(scale) : null;
  if (label === null) return null;
  const base = label.direction === "positive" ? 2000 : label.direction === "neutral" ? 1000 : 0;
  const bound = label.direction === "negative" ? (label.max ?? label.min ?? -100) : (label.min ?? label.max ?? 0);
  return base + Math.max(-500, Math.min(500, bound));
}

/** Builds every call, rating change and pick role from report picks (any order). */
export function buildCalls(picks: readonly CallPick[], asOf: IsoDate): CallHistory {
  const roles = new Map<string | number, PickRole>();
  const groups = new Map<string, CallPick[]>();
  for (const p of picks) {
    if (p.symbol === null || !takesPosition(p)) {
      roles.set(p.key, "none");
      continue;
    }
    const id = `${p.firm}\u0000${p.symbol}`;
    const g = groups.get(id);
    if (g) g.push(p);
    else groups.set(id, [p]);
  }
  const calls: Call[] = [];
  const changes: RatingChange[] = [];
  const asOfDay = parseDay(asOf);
  for (const group of groups.values()) {
    group.sort(byReport);
    let open: Call | null = null;
    let openRank: number | null = null;
    let lastReport: string | number | null = null;
    let earlier = false;
    for (const p of group) {
      // One position per report: a second pick of the same security in one report adds nothing.
      if (open !== null && p.reportId === lastReport) {
        roles.set(p.key, "none");
        continue;
      }
      lastReport = p.reportId;
      const position = p.rating ?? RECOMMEND_POSITION;
      if (open !== null && open.expiresOn !== null && p.reportDate > open.expiresOn) {
        open.end = { on: open.expiresOn, reason: "expired", by: null };
        open = null;
      }
      if (open !== null && continues(open, p, position)) {
        open.reiterations.push(p.key);
        open.reports.push(p.reportId);
        open.lastConfirmedOn = p.reportDate;
        open.expiresOn = expiry(p);
        roles.set(p.key, "reiteration");
        continue;
      }
      const next = openCall(p, position, earlier);
      earlier = true;
      if (open !== null) {
        const kind = changeKind(p.action, openRank, p.rank);
        open.end = { on: p.reportDate, reason: kind, by: p.key };
        changes.push({
          key: p.key,
          firm: p.firm,
          symbol: open.symbol,
          on: p.reportDate,
          kind,
          from: open.position,
          to: position,
          closed: open.key,
          opened: next.key,
        });
      }
      roles.set(p.key, next.firstCoverage ? "first" : "reopen");
      calls.push(next);
      open = next;
      openRank = p.rank;
    }
    if (open !== null && open.expiresOn !== null && parseDay(open.expiresOn) <= asOfDay) {
      open.end = { on: open.expiresOn, reason: "expired", by: null };
    }
  }
  calls.sort((a, b) => cmp(a.openedOn, b.openedOn) || cmpId(a.key, b.key));
  changes.sort((a, b) => cmp(a.on, b.on) || cmpId(a.key, b.key));
  return { calls, changes, roles };
}

function takesPosition(p: CallPick): boolean {
  return p.rating !== null || p.stance === "recommend";
}

/** Whether pick `p` (position `position`) reiterates the open call rather than changing it. */
function continues(open: Call, p: CallPick, position: string): boolean {
  if (p.rating === null) return open.direction === "positive" || open.position === RECOMMEND_POSITION;
  // The same label goes on even with a printed 上调/下调: the broker moved from a rating the
  // store did not see, and the position is the one held.
  return position === open.position;
}

function openCall(p: CallPick, position: string, earlier: boolean): Call {
  return {
    key: p.key,
    firm: p.firm,
    symbol: p.symbol as string,
    position,
    rated: p.rating !== null,
    direction: p.rating !== null ? p.direction : "positive",
    openedOn: p.reportDate,
    openedBy: p.key,
    firstCoverage: p.action === "首次" || (!earlier && p.action === null),
    reiterations: [],
    lastConfirmedOn: p.reportDate,
    reports: [p.reportId],
    end: null,
    expiresOn: expiry(p),
  };
}

function expiry(p: CallPick): IsoDate | null {
  return p.horizonMonths === null ? null : isoOf(addMonths(parseDay(p.reportDate), p.horizonMonths));
}

function changeKind(action: RatingAction | null, from: number | null, to: number | null): RatingChangeKind {
  if (action === "上调") return "upgrade";
  if (action === "下调") return "downgrade";
  if (from !== null && to !== null && from !== to) return to > from ? "upgrade" : "downgrade";
  return "changed";
}

function byReport(a: CallPick, b: CallPick): number {
  return cmp(a.reportDate, b.reportDate) || cmpId(a.reportId, b.reportId) || cmpId(a.key, b.key);
}

function cmpId(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return cmp(String(a), String(b));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
