import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { ApiError } from "./errors.js";

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

/**
 * Writes need `Authorization: Bearer <BROKERPICKS_TOKEN>`. Without a configured token, writes
 * are disabled (403) rather than open. Runs before any body is read.
 */
export function requireToken(token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return (req, _res, next) => {
    if (expected === null) {
      next(
        new ApiError(
          403,
          "writes_disabled",
          "writes are disabled on this server: start it with BROKERPICKS_TOKEN set to enable them",
        ),
      );
      return;
    }
    const header = req.get("authorization") ?? "";
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) {
      next(
        new ApiError(401, "unauthorized", "this endpoint needs an Authorization: Bearer <token> header", {
          "WWW-Authenticate": 'Bearer realm="brokerpicks"',
        }),
      );
      return;
    }
    if (!timingSafeEqual(digest(m[1]), expected)) {
      next(
        new ApiError(401, "unauthorized", "the bearer token is not valid", {
          "WWW-Authenticate": 'Bearer realm="brokerpicks", error="invalid_token"',
        }),
      );
      return;
    }
    next();
  };
}
