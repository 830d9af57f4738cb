import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bar } from "../../src/domain/types.js";
import { chartBody } from "../../test/helpers/yahooChart.js";
import { Rng } from "./rng.js";

/**
 * A local stand-in for Yahoo's chart endpoint on 127.0.0.1: real HTTP, answers in the exact
 * shape of yahoo-finance2's recorded exchanges (test/helpers/yahooChart.ts), built from real
 * bars. It adds latency and, drawn with a fixed seed, HTTP 429 and 500 answers, and counts
 * what it did so a client's retries can be checked against it.
 */

export interface FakeYahooOptions {
  /** Bars by Yahoo symbol. Unknown symbols get Yahoo's 404 "No data found". */
  bars: ReadonlyMap<string, readonly Bar[]>;
  latencyMs?: number;
  /** Share of requests answered 429 Too Many Requests. */
  rateLimited?: number;
  /** Share of requests answered 500. */
  serverErrors?: number;
  seed?: number;
  /** Called on every chart request before it is answered (e.g. to pause or count). */
  onRequest?: (symbol: string) => void;
}

export interface FakeYahooStats {
  /** Chart requests, reference requests excluded. */
  requests: number;
  /** Requests marked `x-bench-reference` (never faulted, not counted elsewhere). */
  reference: number;
  ok: number;
  rateLimited: number;
  serverErrors: number;
  notFound: number;
  /** Bars in the last successful answer per symbol. */
  served: Record<string, number>;
}

export interface FakeYahoo {
  url: string;
  port: number;
  stats(): FakeYahooStats;
  close(): Promise<void>;
}

const NOT_FOUND = JSON.stringify({
  chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
});

function isoOfSeconds(s: number): string {
  return new Date(s * 1000).toISOString().slice(0, 10);
}

export function startFakeYahoo(opts: FakeYahooOptions): Promise<FakeYahoo> {
  const rng = new Rng(opts.seed ?? 1);
  const stats: FakeYahooStats = {
    requests: 0,
    reference: 0,
    ok: 0,
    rateLimited: 0,
    serverErrors: 0,
    notFound: 0,
    served: {},
  };
  const latency = opts.latencyMs ?? 0;

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const m = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (!m?.[1]) {
      res.writeHead(404, { "content-type": "application/json" }).end(NOT_FOUND);
      return;
    }
    const symbol = decodeURIComponent(m[1]);
    const isReference = req.headers["x-bench-reference"] === "1";
    if (isReference) stats.reference++;
    else stats.requests++;
    opts.onRequest?.(symbol);
    // A reference request (a benchmark's baseline) is never faulted and leaves the fault draws alone.
    const roll = isReference ? 1 : rng.next();
    if (roll < (opts.rateLimited ?? 0)) {
      stats.rateLimited++;
      res.writeHead(429, { "content-type": "text/plain" }).end("Too Many Requests\r\n");
      return;
    }
    if (roll < (opts.rateLimited ?? 0) + (opts.serverErrors ?? 0)) {
      stats.serverErrors++;
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      return;
    }
    const all = opts.bars.get(symbol);
    if (!all) {
      stats.notFound++;
      res.writeHead(404, { "content-type": "application/json;charset=utf-8" }).end(NOT_FOUND);
      return;
    }
    const p1 = Number(url.searchParams.get("period1") ?? 0);
    const p2 = Number(url.searchParams.get("period2") ?? 4102444800);
    const from = isoOfSeconds(p1);
    const to = isoOfSeconds(p2 - 1);
    const rows = all.filter((b) => b.date >= from && b.date <= to);
    const body = JSON.stringify(chartBody(symbol, rows, p1));
    if (!isReference) {
      stats.ok++;
      stats.served[symbol] = rows.length;
    }
    res.writeHead(200, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req, res) => {
    if (latency > 0) setTimeout(() => answer(req, res), latency);
    else answer(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stats: () => ({ ...stats, served: { ...stats.served } }),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
