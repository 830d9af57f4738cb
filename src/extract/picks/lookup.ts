import type { IsoDate, Resolution, ResolveHint, Security, SecurityResolver } from "../../domain/types.js";
import { nameKey } from "../../securities/normalize.js";

/**
 * The resolver as the pick scanner uses it: every answer cached for the report, so a list
 * printed ten thousand times costs ten thousand map look-ups, not ten thousand resolutions.
 */
export class Lookup {
  private readonly names = new Map<string, Resolution>();
  private readonly codes = new Map<string, Security | null>();
  private readonly glued = new Map<string, Array<{ offset: number; name: string }> | null>();

  constructor(
    private readonly resolver: SecurityResolver,
    private readonly asOf: IsoDate | null,
  ) {}

  /** `hint.market` when the text says which listing it means (港股/H股/.HK → "HK"). */
  byName(name: string, hint: ResolveHint = {}): Resolution {
    // One name can resolve differently with and without a hint (药明康德: 603259, HK 02359).
    const key = hint.market ? `${hint.market}\u0000${name}` : name;
    let r = this.names.get(key);
    if (!r) {
      r = this.resolver.byName(name, this.asOf, hint);
      this.names.set(key, r);
    }
    return r;
  }

  byCode(code: string): Security | null {
    let s = this.codes.get(code);
    if (s === undefined) {
      s = this.resolver.byCode(code);
      this.codes.set(code, s);
    }
    return s;
  }

  longestNameAt(text: string, offset: number): string | null {
    return this.resolver.longestNameAt(text, offset);
  }

  /**
   * Known names covering `item` back to back (connectors 和/及/与/、 allowed between them), as
   * offsets into the item; null unless at least two names cover all of it. Cached per item text.
   */
  gluedNames(item: string): Array<{ offset: number; name: string }> | null {
    const cached = this.glued.get(item);
    if (cached !== undefined) return cached;
    const out: Array<{ offset: number; name: string }> = [];
    let i = 0;
    let ok = item.length >= 4;
    while (ok && i < item.length) {
      if (out.length > 0 && (item.startsWith("以及", i) || item.startsWith("及其", i))) {
        i += 2;
        continue;
      }
      if (/[和及与、]/.test(item[i]!) && out.length > 0) {
        i++;
        continue;
      }
      const found = this.resolver.longestNameAt(item, i);
      // Two-character pieces are too often words (双林生物 is not 双林 + 生物).
      if (!found || found.length < 3 || this.byName(found).status !== "resolved") ok = false;
      else {
        out.push({ offset: i, name: found });
        i += found.length;
      }
    }
    const result = ok && out.length >= 2 ? out : null;
    this.glued.set(item, result);
    return result;
  }
}

/**
 * Whether a printed name names this very security: it resolves to it, or it is one of the
 * security's own names (药明康德 printed beside 2359.HK names the Hong Kong listing, although the
 * name alone resolves to the A-shares).
 */
export function namesSecurity(lookup: Lookup, name: string, security: Security): boolean {
  const r = lookup.byName(name);
  if (r.status === "resolved" && r.security.symbol === security.symbol) return true;
  if (r.status === "ambiguous" && r.candidates.some((c) => c.symbol === security.symbol)) return true;
  if (r.status === "unknown") return false;
  const key = nameKey(name);
  return security.names.some((n) => nameKey(n.name) === key);
}
