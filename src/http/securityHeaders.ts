import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";

/** The security headers of every response: the app's middleware and the server's own answers use these. */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      scriptSrcAttr: ["'none'"],
    },
  },
  // Served over plain HTTP on a workstation or LAN: no HSTS, no forced upgrade.
  strictTransportSecurity: false,
};

export const securityMiddleware = () => helmet(HELMET_OPTIONS);

let computed: ReadonlyArray<readonly [string, string]> | null = null;

/**
 * The headers the middleware sets, as name/value pairs, for answers written before express runs
 * (a malformed request line, a head too large). Taken by running the same middleware once over
 * a response that only records them, so the two cannot drift apart.
 */
export function securityHeaderLines(): ReadonlyArray<readonly [string, string]> {
  if (computed) return computed;
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  securityMiddleware()({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  computed = [...headers];
  return computed;
}
