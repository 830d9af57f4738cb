import type { IsoDate } from "../domain/types.js";
import type { SyncNeed } from "../store/syncTargets.js";
import { addDays } from "./dates.js";

/** One request to a price source. */
export interface PlannedFetch {
  symbol: string;
  from: IsoDate;
  to: IsoDate;
  /**
   * For an incremental fetch: where to start again when the source's adjusted prices changed
   * basis (a dividend or split re-scales every earlier adjusted close), so the stored history
   * is rewritten on one basis. Null when the fetch already covers everything stored.
   */
  rebaseFrom: IsoDate | null;
}

export interface PlanOptions {
  /** Today's date in the symbol's exchange time zone. */
  today: (symbol: string) => IsoDate;
  /** History kept before the earliest report that needs a symbol (entry looks back, calendars need a margin). Default 30. */
  lookbackDays?: number;
  /** Days re-fetched before the last stored bar, because Yahoo revises its latest bars. Default 5. */
  overlapDays?: number;
  /** History fetched for a symbol nothing dates (an explicit request, nothing stored). Default 730. */
  defaultHistoryDays?: number;
}

/** The earlier of two YYYY-MM-DD dates. */
function earlier(a: IsoDate, b: IsoDate): IsoDate {
  return a.localeCompare(b) <= 0 ? a : b;
}

export interface StoredSpan {
  first: IsoDate;
  last: IsoDate;
}

/**
 * Works out what to fetch per symbol:
 * - nothing stored: from (earliest report − lookback) to today;
 * - stored, but the need starts before the first stored bar: the whole range again (one request);
 * - stored: from (last stored − overlap) to today, with the whole stored range as the
 *   fallback when the adjusted prices turn out to have changed basis.
 * Symbols whose range would be empty are left out. Pure.
 */
export function planFetches(
  needs: readonly SyncNeed[],
  stored: ReadonlyMap<string, StoredSpan>,
  opts: PlanOptions,
): PlannedFetch[] {
  const lookback = opts.lookbackDays ?? 30;
  const overlap = opts.overlapDays ?? 5;
  const history = opts.defaultHistoryDays ?? 730;
  const out: PlannedFetch[] = [];
  for (const need of needs) {
    const to = opts.today(need.symbol);
    const span = stored.get(need.symbol);
    const wanted = need.since === null ? null : addDays(need.since, -lookback);
    let from: IsoDate;
    let rebaseFrom: IsoDate | null = null;
    if (!span) from = wanted ?? addDays(to, -history);
    else if (wanted !== null && wanted < span.first) from = wanted;
    else {
      // A store can hold bars past `today` (a snapshot taken later, a clock behind): still re-check the recent days.
      from = addDays(earlier(span.last, to), -overlap);
      rebaseFrom = wanted === null ? span.first : earlier(wanted, span.first);
    }
    if (from <= to) out.push({ symbol: need.symbol, from, to, rebaseFrom });
  }
  return out;
}
