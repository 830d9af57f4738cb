/**
 * Price symbols are Yahoo's: 600000.SS, 000001.SZ, 430047.BJ, 0354.HK, 000300.SS, ^HSI.
 * Files from other vendors name the same securities differently (600000.SH, sh600000,
 * 00354, SZ000001); `toYahooSymbol` brings them to one form.
 */

/** The time zone a symbol's trading dates are written in. */
export function exchangeTimeZone(symbol: string): string {
  const s = symbol.toUpperCase();
  if (/\.(SS|SZ|BJ)$/.test(s)) return "Asia/Shanghai";
  if (s.endsWith(".HK") || s === "^HSI" || s === "^HSCE") return "Asia/Hong_Kong";
  if (/\.(KS|KQ)$/.test(s) || s === "^KS11" || s === "^KQ11") return "Asia/Seoul";
  if (s.endsWith(".T") || s === "^N225") return "Asia/Tokyo";
  // US listings (MCHI, ^GSPC, ^IXIC) carry no suffix.
  if (!s.includes(".")) return "America/New_York";
  return "UTC";
}

/** Exchange of a six-digit A-share code, by its leading digits. */
function aShareSuffix(code: string): "SS" | "SZ" | "BJ" | null {
  if (/^(60|68|90)/.test(code)) return "SS";
  if (/^(00|30|20)/.test(code)) return "SZ";
  if (/^(43|83|87|92)/.test(code)) return "BJ";
  return null;
}

/** HK codes are written with up to five digits; Yahoo wants four (0354.HK), or five when the code needs them. */
function hkSymbol(digits: string): string {
  const n = digits.replace(/^0+/, "") || "0";
  return `${n.padStart(4, "0")}.HK`;
}

/**
 * The Yahoo symbol for a code or symbol as vendors write it, or null when it is not one.
 * - 600000, 600000.SH, SH600000, sh600000, 600000.SS → 600000.SS
 * - 000300 / 000300.SH / sh000300 (CSI 300; no A-share carries this code) → 000300.SS
 * - 00354, 354, 0354.HK, 00354.HK, HK00354 → 0354.HK
 * - ^HSI and other symbols already in Yahoo form are kept as they are.
 */
export function toYahooSymbol(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (s === "") return null;
  if (s.startsWith("^")) return s;
  let m = /^(\d{6})\.(SS|SH|SZ|BJ)$/.exec(s);
  if (m?.[1] && m[2]) return `${m[1]}.${m[2] === "SH" ? "SS" : m[2]}`;
  m = /^(SH|SZ|BJ)(\d{6})$/.exec(s);
  if (m?.[1] && m[2]) return `${m[2]}.${m[1] === "SH" ? "SS" : m[1]}`;
  m = /^(\d{1,5})\.HK$/.exec(s) ?? /^HK(\d{1,5})$/.exec(s);
  if (m?.[1]) return hkSymbol(m[1]);
  if (/^\d{6}$/.test(s)) {
    if (s === "000300") return "000300.SS";
    const suffix = aShareSuffix(s);
    return suffix ? `${s}.${suffix}` : null;
  }
  if (/^\d{1,5}$/.test(s)) return hkSymbol(s);
  // Other Yahoo symbols (MCHI, 7203.T) pass through.
  if (/^[A-Z0-9][A-Z0-9.=-]*$/.test(s)) return s;
  return null;
}
