import type { Day } from "./days.js";

/**
 * Binary searches over ascending day arrays (a price series' dates or a market calendar).
 * Every function returns an index, never a day, so callers can read the parallel price columns.
 */

/** Index of the last element <= day, or -1 when every element is later. */
export function lastAtOrBefore(days: Int32Array, day: Day): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first element > day, or days.length when none is. */
export function firstAfter(days: Int32Array, day: Day): number {
  return lastAtOrBefore(days, day) + 1;
}

/** Index of the element equal to day, or -1. */
export function indexOfDay(days: Int32Array, day: Day): number {
  const i = lastAtOrBefore(days, day);
  return i >= 0 && days[i] === day ? i : -1;
}
