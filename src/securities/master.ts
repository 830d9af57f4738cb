import type { IsoDate, Resolution, ResolveHint, Security, SecurityName, SecurityResolver } from "../domain/types.js";
import { paths } from "../paths.js";
import { exchangeOfAShareCode, hkCode, yahooSymbol } from "./codes.js";
import { type AliasRow, type ListSnapshot, readAliases, readListSnapshots } from "./lists.js";
import {
  cleanListedName,
  foldChar,
  foldText,
  hasHkOnlySuffix,
  isDelistingName,
  nameKey,
  shortKeys,
} from "./normalize.js";
import { NameTrie } from "./trie.js";

interface NameEntry {
  security: Security;
  name: string;
  from: IsoDate | null;
  to: IsoDate | null;
}

/**
 * Every listed security with every name it has had, resolvable by name as of a date.
 *
 * Resolution rules, in order:
 * - names compare by `nameKey` (width, traditional/simplified, ST/-U/-W/退 markers ignored);
 * - a full name wins over a shortened one (美图公司 beats any security merely shortened to 美图);
 *   a name no list carries, dated while a delisted company traded, may start with the stem of
 *   that company's delisting name (暴风集团 in 2018 → 暴风退, 300431) as a last resort;
 * - a market hint keeps that market's listings (药明康德 + HK → 02359), also under a shortened
 *   name (比亚迪 + HK → 01211 比亚迪股份); a name printed with a suffix only HK uses (-B, -SW,
 *   -S, -R) is its own hint; with no listing in the hinted market the hint is ignored;
 * - several securities under one name: one not yet listed, or already delisted, on the date
 *   loses to one listed then (中国移动 in 2021 is 00941: 600941 listed in 2022);
 * - a company listed both in Shanghai/Shenzhen and Hong Kong under one name resolves to the
 *   A-share, the listing mainland broker reports mean unless they say 港股/H股/.HK (the hint);
 * - then the security that carried the name on (or nearest to) the date wins; a tie is ambiguous.
 * HK RMB counters (80941 中国移动-R) are found by code only: a name means the HKD counter.
 */
export class SecurityMaster implements SecurityResolver {
  private readonly bySymbolMap = new Map<string, Security>();
  private readonly byCodeMap = new Map<string, Security>();
  private readonly exact = new Map<string, NameEntry[]>();
  private readonly short = new Map<string, NameEntry[]>();
  /** Delisting-name stems by their first two characters (暴风 of 暴风退). */
  private readonly stems = new Map<string, NameEntry[]>();
  private readonly trie = new NameTrie();

  constructor(snapshots: ListSnapshot[], aliases: AliasRow[] = []) {
    for (const snap of snapshots) this.addSnapshot(snap, snapshots);
    for (const alias of aliases) this.addAlias(alias);
    for (const sec of this.bySymbolMap.values()) this.indexSecurity(sec);
  }

  get size(): number {
    return this.bySymbolMap.size;
  }

  securities(): Security[] {
    return [...this.bySymbolMap.values()];
  }

  bySymbol(symbol: string): Security | null {
    return this.bySymbolMap.get(symbol) ?? null;
  }

  byCode(code: string): Security | null {
    const c = code.trim().toUpperCase();
    const direct = this.byCodeMap.get(c) ?? this.bySymbolMap.get(c);
    if (direct) return direct;
    const hk = /^\d{1,5}(\.HK)?$/.test(c) ? hkCode(c) : null;
    return hk ? (this.byCodeMap.get(`HK:${hk}`) ?? null) : null;
  }

  byName(name: string, asOf: IsoDate | null, hint: ResolveHint = {}): Resolution {
    const key = nameKey(name);
    if (key.length === 0) return { status: "unknown" };
    const h: ResolveHint = hint.market === undefined && hasHkOnlySuffix(name) ? { market: "HK" } : hint;
    const market = h.market;
    if (market !== undefined) {
      // The hinted market's listing, even under a shortened name: 比亚迪 + HK → 01211 比亚迪股份.
      for (const tier of [this.exact.get(key), this.short.get(key)]) {
        const r = this.pick(
          tier?.filter((e) => e.security.market === market),
          asOf,
          h,
        );
        if (r.status !== "unknown") return r;
      }
    }
    const full = this.pick(this.exact.get(key), asOf, h);
    if (full.status !== "unknown") return full;
    const short = this.pick(this.short.get(key), asOf, h);
    if (short.status !== "unknown" || asOf === null) return short;
    return this.pick(this.stemEntries(key, asOf), asOf, h);
  }

  /** Delisting-name stems `key` starts with, of securities listed on `asOf`. */
  private stemEntries(key: string, asOf: IsoDate): NameEntry[] | undefined {
    const entries = this.stems.get(key.slice(0, 2));
    if (!entries) return undefined;
    // A stem plus at most four characters: 暴风 + 集团/科技, not a sentence that starts alike.
    return entries.filter((e) => {
      const stem = nameKey(e.name);
      return (
        key.length > stem.length && key.length <= stem.length + 4 && key.startsWith(stem) && listedOn(e.security, asOf)
      );
    });
  }

  longestNameAt(text: string, offset: number): string | null {
    const len = this.trie.longestAt(text, offset, foldChar);
    return len > 0 ? text.slice(offset, offset + len) : null;
  }

  private pick(entries: NameEntry[] | undefined, asOf: IsoDate | null, hint: ResolveHint): Resolution {
    if (!entries || entries.length === 0) return { status: "unknown" };
    let candidates = entries;
    if (hint.market) {
      const inMarket = entries.filter((e) => e.security.market === hint.market);
      if (inMarket.length > 0) candidates = inMarket;
    }
    const bySecurity = new Map<string, NameEntry[]>();
    for (const e of candidates) {
      const list = bySecurity.get(e.security.symbol) ?? [];
      list.push(e);
      bySecurity.set(e.security.symbol, list);
    }
    if (bySecurity.size > 1 && asOf) {
      const listed = [...bySecurity.keys()].filter((s) => listedOn(this.bySymbolMap.get(s)!, asOf));
      if (listed.length >= 1 && listed.length < bySecurity.size) {
        for (const s of [...bySecurity.keys()]) if (!listed.includes(s)) bySecurity.delete(s);
      }
    }
    if (bySecurity.size > 1 && !hint.market) {
      const aShares = [...bySecurity.keys()].filter((s) => this.bySymbolMap.get(s)?.market === "A");
      if (aShares.length >= 1 && aShares.length < bySecurity.size) {
        for (const s of [...bySecurity.keys()]) if (!aShares.includes(s)) bySecurity.delete(s);
      }
    }
    if (bySecurity.size > 1 && asOf) {
      const distances = [...bySecurity.entries()].map(([symbol, es]) => ({
        symbol,
        d: Math.min(...es.map((e) => distanceToRange(asOf, e.from, e.to))),
      }));
      const best = Math.min(...distances.map((x) => x.d));
      for (const x of distances) if (x.d > best) bySecurity.delete(x.symbol);
    }
    const symbols = [...bySecurity.keys()];
    if (symbols.length === 1) {
      const entries = bySecurity.get(symbols[0]!)!;
      const best = asOf ? minBy(entries, (e) => distanceToRange(asOf, e.from, e.to)) : entries[entries.length - 1]!;
      return { status: "resolved", security: best.security, matchedName: best.name };
    }
    return { status: "ambiguous", candidates: symbols.map((s) => this.bySymbolMap.get(s)!) };
  }

  private addSnapshot(snap: ListSnapshot, all: ListSnapshot[]): void {
    const later = all.filter((s) => s.market === snap.market && s.asOf > snap.asOf).map((s) => s.asOf);
    const nextAsOf = later.sort()[0] ?? null; // ISO dates sort as strings
    for (const row of snap.rows) {
      const symbol = yahooSymbol(row.code, row.exchange);
      const name = cleanListedName(row.name, snap.market);
      let sec = this.bySymbolMap.get(symbol);
      if (!sec) {
        sec = {
          code: row.code,
          exchange: row.exchange,
          market: snap.market,
          symbol,
          name,
          names: [],
          industry: row.industry,
          listDate: row.listDate,
          delistDate: row.delistDate,
        };
        this.bySymbolMap.set(symbol, sec);
        this.byCodeMap.set(snap.market === "HK" ? `HK:${row.code}` : row.code, sec);
      }
      // Snapshots are read oldest first: the latest one leaves the current name.
      sec.name = name;
      sec.industry = row.industry ?? sec.industry;
      sec.listDate = row.listDate ?? sec.listDate;
      // A list that still carries the code after its delisting date knows a later listing under it.
      if (row.delistDate) sec.delistDate = row.delistDate;
      else if (sec.delistDate !== null && sec.delistDate <= snap.asOf) sec.delistDate = null;
      // A delisted security carried its last name until the delisting, not until the snapshot.
      const to = row.delistDate ?? (nextAsOf === null ? null : snap.asOf);
      // 中國移動 (2020) and 中国移动 (2025) are one name seen in two lists.
      const folded = foldText(name);
      const seen = sec.names.find((n) => n.source !== "alias" && foldText(n.name) === folded);
      if (seen) {
        seen.name = name;
        seen.to = to;
        seen.source = `${seen.source},${snap.source}`;
      } else {
        sec.names.push({
          name,
          from: sec.names.length === 0 ? (row.listDate ?? null) : snap.asOf,
          to,
          source: snap.source,
        });
      }
    }
  }

  private addAlias(alias: AliasRow): void {
    const exchange = /^\d{6}$/.test(alias.code) ? exchangeOfAShareCode(alias.code) : "HKEX";
    const code = exchange === "HKEX" ? hkCode(alias.code) : alias.code;
    if (!exchange || !code) return;
    const symbol = yahooSymbol(code, exchange);
    let sec = this.bySymbolMap.get(symbol);
    if (!sec) {
      sec = {
        code,
        exchange,
        market: exchange === "HKEX" ? "HK" : "A",
        symbol,
        name: alias.name,
        names: [],
        industry: null,
        listDate: null,
        delistDate: null,
      };
      this.bySymbolMap.set(symbol, sec);
      this.byCodeMap.set(exchange === "HKEX" ? `HK:${code}` : code, sec);
    }
    sec.names.push({ name: alias.name, from: alias.validFrom, to: alias.validTo, source: "alias" });
  }

  private indexSecurity(sec: Security): void {
    const rmbCounter = sec.market === "HK" && /^8\d{4}$/.test(sec.code);
    for (const n of sec.names) {
      if (rmbCounter && n.source !== "alias" && RMB_COUNTER_NAME.test(foldText(n.name))) continue;
      const entry: NameEntry = { security: sec, name: n.name, from: n.from, to: n.to };
      const key = nameKey(n.name);
      if (key.length === 0) continue;
      if (sec.market === "A" && key.length >= 2 && isDelistingName(n.name)) addTo(this.stems, key.slice(0, 2), entry);
      addTo(this.exact, key, entry);
      this.trie.add(key);
      this.trie.add(foldText(n.name));
      for (const s of shortKeys(key)) {
        addTo(this.short, s, entry);
        this.trie.add(s);
      }
    }
  }
}

// The RMB counter of an HK listing: the HKD counter's name plus R (中国移动-R, 快手-WR, 京东集团-SWR).
const RMB_COUNTER_NAME = /-[A-Z]*R$/;

/** Whether a security traded on a date, as far as its listing and delisting dates tell. */
function listedOn(sec: Security, asOf: IsoDate): boolean {
  return (sec.listDate === null || sec.listDate <= asOf) && (sec.delistDate === null || asOf < sec.delistDate);
}

function addTo(map: Map<string, NameEntry[]>, key: string, entry: NameEntry): void {
  const list = map.get(key);
  if (!list) map.set(key, [entry]);
  else if (!list.some((e) => e.security === entry.security && e.from === entry.from)) list.push(entry);
}

function minBy<T>(items: T[], score: (t: T) => number): T {
  let best = items[0] as T;
  let bestScore = score(best);
  for (const item of items) {
    const s = score(item);
    if (s < bestScore) {
      best = item;
      bestScore = s;
    }
  }
  return best;
}

function dayNumber(d: IsoDate): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
}

/** Days from a date to a validity range (0 inside it; open ends reach forever). */
function distanceToRange(d: IsoDate, from: IsoDate | null, to: IsoDate | null): number {
  if (from !== null && d < from) return dayNumber(from) - dayNumber(d);
  if (to !== null && d > to) return dayNumber(d) - dayNumber(to);
  return 0;
}

export interface LoadOptions {
  dir?: string;
  aliasesFile?: string;
}

/** Loads the shipped security lists (seeds/securities) and the user's alias file (seeds/aliases.csv). */
export function loadSecurityMaster(options: LoadOptions = {}): SecurityMaster {
  const snapshots = readListSnapshots(options.dir ?? paths.seedSecurities);
  const aliases = readAliases(options.aliasesFile ?? paths.aliases);
  return new SecurityMaster(snapshots, aliases);
}

export type { SecurityName };
