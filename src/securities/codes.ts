import type { Exchange } from "../domain/types.js";

/**
 * Exchange codes and Yahoo symbols. A-share codes are six digits: 60/68/90 Shanghai,
 * 00/30/20 Shenzhen, 43/83/87/92 Beijing. HK codes are up to five digits; Yahoo writes
 * them with at least four (00354 → 0354.HK, 09988 → 9988.HK).
 */

export function exchangeOfAShareCode(code: string): Exchange | null {
  if (!/^\d{6}$/.test(code)) return null;
  const p2 = code.slice(0, 2);
  if (["60", "68", "90"].includes(p2)) return "SSE";
  if (["00", "30", "20"].includes(p2)) return "SZSE";
  if (["43", "83", "87", "92"].includes(p2)) return "BSE";
  return null;
}

export function yahooSymbol(code: string, exchange: Exchange): string {
  switch (exchange) {
    case "SSE":
      return `${code}.SS`;
    case "SZSE":
      return `${code}.SZ`;
    case "BSE":
      return `${code}.BJ`;
    case "HKEX":
      return `${String(Number.parseInt(code, 10)).padStart(4, "0")}.HK`;
  }
}

/** Five-digit HK code (354 → 00354). */
export function hkCode(code: string): string | null {
  const digits = code.replace(/\.HK$/i, "");
  if (!/^\d{1,5}$/.test(digits)) return null;
  return digits.padStart(5, "0");
}

/** Exchange from a Tushare ts_code suffix (.SH/.SZ/.BJ). */
export function exchangeOfTsCode(tsCode: string): Exchange | null {
  const suffix = tsCode.slice(tsCode.lastIndexOf(".") + 1).toUpperCase();
  if (suffix === "SH") return "SSE";
  if (suffix === "SZ") return "SZSE";
  if (suffix === "BJ") return "BSE";
  return null;
}

/**
 * A bare exchange code as a user types it, read the way a report's printed code is: six digits
 * are an A-share code, one to five digits an HK code (354 → 00354). Null for anything else.
 */
export function bareCode(raw: string): { market: "A" | "HK"; code: string } | null {
  const s = raw.trim();
  if (/^\d{6}$/.test(s)) return { market: "A", code: s };
  if (/^\d{1,5}$/.test(s)) return { market: "HK", code: s.padStart(5, "0") };
  return null;
}
