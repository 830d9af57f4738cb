import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";
import { type CacheStats, SegmentedLru } from "./segmentedLru.js";

interface Entry {
  body: Buffer;
  etag: string;
  /** Compressed once, on the first request that accepts gzip. */
  gzip: Buffer | null;
  /** Bytes of the key and ETag, counted with the body and its compressed copy. */
  overhead: number;
}

/** The budget when none is configured (BROKERPICKS_CACHE_MB). */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** Smaller bodies are not worth compressing. */
const MIN_GZIP_BODY = 1024;

const entryBytes = (e: Entry): number => e.body.length + (e.gzip?.length ?? 0) + e.overhead;

/**
 * Serialized JSON responses kept per data version: a repeated GET of the same validated
 * query is answered with the stored bytes and ETag (or a 304), with no query, no
 * JSON.stringify and no UTF-8 encoding. Keys are built from validated parameters, never from
 * the raw URL. The store is bounded by bytes (body, compressed copy and key), not by entries;
 * a response larger than an eighth of the budget is sent but not kept, and views sent with
 * `hot` (the dashboard, first pages) are kept ahead of one-off queries.
 */
export class JsonResponseCache {
  private readonly entries: SegmentedLru<Entry>;

  constructor(
    private readonly version: () => string,
    maxBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.entries = new SegmentedLru<Entry>({ maxBytes });
  }

  send(req: Request, res: Response, key: string, compute: () => unknown, opts: { hot?: boolean } = {}): void {
    const version = this.version();
    let entry = this.entries.get(version, key);
    let kept = entry !== undefined;
    if (!entry) {
      const body = Buffer.from(JSON.stringify(compute()), "utf8");
      const etag = `"${createHash("sha1").update(version).update(body).digest("base64url").slice(0, 27)}"`;
      entry = { body, etag, gzip: null, overhead: Buffer.byteLength(key) + etag.length };
      kept = this.entries.set(version, key, entry, entryBytes(entry), opts);
    }
    res.setHeader("ETag", entry.etag);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Vary", "Accept-Encoding");
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    let payload = entry.body;
    if (entry.body.length >= MIN_GZIP_BODY && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
      if (!entry.gzip) {
        entry.gzip = gzipSync(entry.body, { level: 6 });
        if (kept) this.entries.resize(version, key, entryBytes(entry));
      }
      payload = entry.gzip;
      res.setHeader("Content-Encoding", "gzip");
    }
    res.setHeader("Content-Length", payload.length);
    res.end(req.method === "HEAD" ? undefined : payload);
  }

  /** Bytes and entries held now, and the budget. */
  stats(): CacheStats {
    return this.entries.stats();
  }
}
