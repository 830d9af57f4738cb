import { createHash } from "node:crypto";
import type { Request, Response } from "express";
import { VersionedCache } from "../readmodel/versionedCache.js";

interface Entry {
  body: string;
  etag: string;
}

/** Bodies larger than this are sent but not kept. */
const MAX_CACHED_BODY = 4 * 1024 * 1024;

/**
 * Serialized JSON responses kept per data version: a repeated GET of the same validated
 * query is answered with the stored bytes and ETag (or a 304), with no query and no
 * JSON.stringify. Keys are built from validated parameters, never from the raw URL.
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
      const body = JSON.stringify(compute());
      const etag = `"${createHash("sha1").update(version).update(body).digest("base64url").slice(0, 27)}"`;
      entry = { body, etag };
      if (body.length <= MAX_CACHED_BODY) this.entries.set(version, key, entry);
    }
    res.setHeader("ETag", entry.etag);
    res.setHeader("Cache-Control", "no-cache");
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type("application/json").send(entry.body);
  }
}
