import type { IsoDate, Resolution, Security, SecurityResolver } from "../../domain/types.js";

/**
 * The resolver as the pick scanner uses it: every answer cached for the report, so a list
 * printed ten thousand times costs ten thousand map look-ups, not ten thousand resolutions.
 */
export class Lookup {
  private readonly names = new Map<string, Resolution>();
  private readonly codes = new Map<string, Security | null>();

  constructor(
    private readonly resolver: SecurityResolver,
    private readonly asOf: IsoDate | null,
  ) {}

  byName(name: string): Resolution {
    let r = this.names.get(name);
    if (!r) {
      r = this.resolver.byName(name, this.asOf);
      this.names.set(name, r);
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
}

/** Whether a printed name resolves to this very security. */
export function namesSecurity(lookup: Lookup, name: string, security: Security): boolean {
  const r = lookup.byName(name);
  if (r.status === "resolved") return r.security.symbol === security.symbol;
  if (r.status === "ambiguous") return r.candidates.some((c) => c.symbol === security.symbol);
  return false;
}
