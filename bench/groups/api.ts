import autocannon, { type Result } from "autocannon";
import { childScript, type ServerChild, startServerChild } from "../lib/child.js";
import type { BenchContext } from "../lib/context.js";
import { type BenchResult, result, skipped, type Target } from "../lib/results.js";

export const CONNECTIONS = 50;
const P99: Target = { op: "<=", value: 50, unit: "ms", text: "≤ 50 ms" };
const ENDPOINTS = ["/api/dashboard", "/api/picks?limit=100"] as const;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  bad: number;
}

/** Profiled on the benchmark machine (the server under autocannon, inspector CPU profile). */
const RPS_WHY =
  "the answers come from the response cache as stored bytes, so what is left is the size and the framework: a page of 100 picks is ~59 KB against the reference's 70 bytes, and the server (CPU-bound on one of the two cores while autocannon uses the other) spends ~13% of its time in socket writes, ~12% in garbage collection and most of the rest in express routing (seven routers walked per request), helmet's headers and node's HTTP code.";
const RPS_FIX =
  "send the cached gzip copy to clients that accept it (browsers do; measured here as a context figure) or trim the list items to the fields the table shows; both cut the bytes per answer, which is what separates the endpoint from the reference.";

export async function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Load> {
  // A short warm-up first (JIT, caches), then the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const r: Result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

export async function firstResponseMs(url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status, bytes: body.byteLength };
}

/**
 * The API under load: autocannon at 50 connections against the product's app over the scored
 * market store, and against a constant-JSON express route in the same set-up (the reference).
 * Servers run in their own processes; autocannon runs here.
 */
export async function apiGroup(ctx: BenchContext): Promise<BenchResult[]> {
  const missing = ctx.marketMissing;
  if (missing) {
    return ENDPOINTS.flatMap((e) => [
      skipped("api", `GET ${e}: requests/s`, "req/s", null, missing),
      skipped("api", `GET ${e}: p50 latency`, "ms", null, missing),
      skipped("api", `GET ${e}: p99 latency`, "ms", P99, missing),
    ]);
  }
  const seconds = ctx.args.duration;
  const store = await ctx.marketStore();
  const scored = await ctx.scoredStore();

  let server: ServerChild<{ peakRssMb: number }> = await startServerChild(childScript("constantServer.ts"));
  const ref = await load(`http://127.0.0.1:${server.port}/constant`, seconds);
  await server.stop();

  server = await startServerChild(childScript("apiServer.ts"), [scored.file, store.now]);
  const out: BenchResult[] = [];
  try {
    for (const path of ENDPOINTS) {
      const url = `http://127.0.0.1:${server.port}${path}`;
      const first = await firstResponseMs(url);
      const l = await load(url, seconds);
      const rpsTarget: Target = {
        op: ">=",
        value: ref.rps / 2,
        unit: "req/s",
        text: "≥ 50% of the reference's requests/s",
      };
      const errors =
        l.bad > 0 ? ` ${l.bad} of ${l.requests} answers were not 2xx or failed: the figure does not count.` : "";
      const common = `${seconds} s at ${CONNECTIONS} connections after a 2 s warm-up, ${l.requests.toLocaleString("en-US")} requests; first (cold) request ${first.ms.toFixed(0)} ms, ${(first.bytes / 1024).toFixed(0)} KB, HTTP ${first.status}.${errors}`;
      const rps = result("api", {
        name: `GET ${path}: requests/s`,
        value: l.rps,
        unit: "req/s",
        reference: { name: "constant JSON from a bare express route", value: ref.rps, unit: "req/s" },
        target: rpsTarget,
        note: `${common} ${Math.round((l.rps / ref.rps) * 100)}% of the reference.`,
        why: RPS_WHY,
        fix: RPS_FIX,
      });
      if (l.bad > 0) {
        rps.met = false;
        rps.missed = {
          by: `${l.bad} of ${l.requests} answers failed`,
          why: "requests under load got errors or non-2xx answers",
          fix: "find the failing answers in the server's log",
        };
      }
      out.push(
        rps,
        result("api", {
          name: `GET ${path}: p50 latency`,
          value: l.p50,
          unit: "ms",
          reference: { name: "bare express route", value: ref.p50, unit: "ms" },
          target: null,
          note: "",
        }),
        result("api", {
          name: `GET ${path}: p99 latency`,
          value: l.p99,
          unit: "ms",
          reference: { name: "bare express route", value: ref.p99, unit: "ms" },
          target: P99,
          note: "",
          why: RPS_WHY,
          fix: RPS_FIX,
        }),
      );
    }
    // As a browser asks: the same page with Accept-Encoding: gzip (the cache keeps a gzip copy).
    const path = "/api/picks?limit=100";
    const gz = await load(`http://127.0.0.1:${server.port}${path}`, seconds, { "accept-encoding": "gzip" });
    out.push(
      result("api", {
        name: `GET ${path} with Accept-Encoding: gzip: requests/s`,
        value: gz.rps,
        unit: "req/s",
        reference: { name: "constant JSON from a bare express route", value: ref.rps, unit: "req/s" },
        target: null,
        note: `As the dashboard's browser asks for it; p50 ${gz.p50} ms, p99 ${gz.p99} ms, ${Math.round((gz.rps / ref.rps) * 100)}% of the reference${gz.bad > 0 ? `; ${gz.bad} failed answers` : ""}.`,
      }),
    );
  } finally {
    await server.stop();
  }
  return out;
}
