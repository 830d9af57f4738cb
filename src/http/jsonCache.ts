import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";
import { VersionedCache } from "../readmodel/versionedCache.js";

interface Entry {
  body: Buffer;
  etag: string;
  /** Compressed once, on the first request that accepts gzip. */
  gzip: Buffer | null;
}

/** Bodies larger than this are sent but not kept. */
const MAX_CACHED_BODY = 4 * 1024 * 1024;
/** Smaller bodies are not worth compressing. */
const MIN_GZIP_BODY = 1024;

/**
 * Serialized JSON responses kept per data version: a repeated GET of the same validated
 * query is answered with the stored bytes and ETag (or a 304), with no query, no
 * JSON.stringify and no UTF-8 encoding. Keys are built from validated parameters, never from
 * the raw URL.
 */
export class JsonResponseCache {
  private readonly entries: VersionedCache<Entry>;

  constructor(
    private readonly version: () => string,
    maxEntries = 2000,
  ) {
    this.entries = new VersionedCache<Entry>(maxEntries);
  }

  send(req: Request, res: Response, key: string, compute: () => unknown): void {
    const version = this.version();
    let entry = this.entries.get(version, key);
    if (!entry) {
      const body = Buffer.from(JSON.stringify(compute()), "utf8");
      const etag = `"${createHash("sha1").update(version).update(body).digest("base64url").slice(0, 27)}"`;
      entry = { body, etag, gzip: null };
      if (body.length <= MAX_CACHED_BODY) this.entries.set(version, key, entry);
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
      entry.gzip ??= gzipSync(entry.body, { level: 6 });
      payload = entry.gzip;
      res.setHeader("Content-Encoding", "gzip");
    }
    res.setHeader("Content-Length", payload.length);
    res.end(req.method === "HEAD" ? undefined : payload);
  }
}
