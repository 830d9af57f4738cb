import { createHash } from "node:crypto";
import { connect } from "node:net";
import request, { type Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/http/openapi.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { silentLogger } from "../../src/logger.js";
import type { Db } from "../../src/store/database.js";
import { type Seeded, seededApp, TOKEN } from "../http/fixture.js";

/**
 * Hostile input on every endpoint the OpenAPI document publishes: SQL-injection strings and
 * path traversal in every id and parameter, 100 KB query strings, percent-escapes and raw
 * bytes that are not UTF-8, wrong content types and bodies on the writes. Every answer is a
 * 4xx in the error envelope (never a 500), and the database is exactly as it was.
 */

const SQL = [
  "' OR '1'='1",
  "1; DROP TABLE picks; --",
  '" OR 1=1 --',
  "1 UNION SELECT sql FROM sqlite_master",
  "') OR ('a'='a",
  "1/**/OR/**/1=1",
  "admin'--",
  "1' AND sleep(5)--",
  "%27%20OR%201%3D1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile string, not a template
  "${7*7}",
  "<script>alert(1)</script>",
  "\u0000",
];
/** Numbers past every range: refused in ids, limits and dates; a well-formed filter value that matches nothing is an empty list. */
const NUMERIC = ["-1", "99999999999999999999999", "1e309", "NaN", "0x1F", "1.5"];
const TRAVERSAL = [
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "....//....//etc/passwd",
  "/etc/passwd",
  "file:///etc/passwd",
  "..",
  ".env",
];
const HOSTILE = [...SQL, ...TRAVERSAL];
/** Written into the URL as they are: percent-escapes that do not decode to UTF-8. */
const NOT_UTF8 = ["%FF", "%C0%AF", "%E0%A4%A", "%ED%A0%80", "%F8%88%80%80%80", "%FE%FF", "%80abc"];
const LONG = "x".repeat(100 * 1024);

interface Op {
  method: "get" | "post";
  path: string;
  params: Array<{ name: string; in: "path" | "query" }>;
}

function operations(): Op[] {
  const doc = openApiDocument() as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: "path" | "query" }> }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method as Op["method"],
      path,
      params: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in })),
    })),
  );
}

/** A URL for an operation with its path parameters filled with sensible values. */
function fill(op: Op, override?: { name: string; raw: string }): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (override && override.name === name) return override.raw;
    return name === "symbol" ? "300418.SZ" : name === "id" && op.path.startsWith("/api/brokers") ? "kaiyuan" : "1";
  });
}

/** Every row of every table, hashed: equal before and after means nothing was written. */
function fingerprint(db: Db): string {
  const h = createHash("sha256");
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const t of tables) {
    h.update(t);
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw(true).iterate()) h.update(JSON.stringify(row));
  }
  return h.digest("hex");
}

let s: Seeded;
let server: RunningServer;
let before: { hash: string; changes: number };
const seen: string[] = [];

function changes(db: Db): number {
  return db.prepare("SELECT total_changes()").pluck().get() as number;
}

beforeAll(async () => {
  s = await seededApp();
  server = await startServer(s.app, { host: "127.0.0.1", port: 0, logger: silentLogger });
  before = { hash: fingerprint(s.seed.db), changes: changes(s.seed.db) };
});

afterAll(async () => {
  await server.close();
});

/** The answer is a 4xx in the error envelope; `label` names the request on failure. */
function expect4xx(res: Response, label: string): void {
  seen.push(label);
  const body = res.body as { error?: { code?: unknown; message?: unknown } };
  expect(res.status, `${label}: ${res.status} ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
  expect(res.headers["content-type"], label).toMatch(/^application\/json/);
  expect(Object.keys(body), label).toEqual(["error"]);
  expect(typeof body.error?.code, label).toBe("string");
  expect(typeof body.error?.message, label).toBe("string");
}

/**
 * Free text (the printed rating, the report's sector, a security search) takes any string: a
 * hostile one is searched for literally and matches nothing. That is the one 200 allowed, and it
 * must be empty.
 */
function expectRefusedOrEmpty(res: Response, label: string, param: string, wellFormed = false): void {
  if (res.status === 200 && (param === "rating" || param === "sector" || param === "q" || wellFormed)) {
    seen.push(label);
    if (res.headers["content-type"]?.startsWith("text/csv"))
      expect(res.text.trim().split("\r\n"), label).toHaveLength(1);
    else if (param === "q") {
      // A number-like text may be part of a real name (NaN in an HK company's English name).
      const items = (res.body as { items: unknown[] }).items;
      if (wellFormed) expect(Array.isArray(items), label).toBe(true);
      else expect(items, label).toEqual([]);
    } else expect((res.body as { total: number }).total, label).toBe(0);
    return;
  }
  expect4xx(res, label);
}

const ops = operations();
const gets = ops.filter((o) => o.method === "get");

describe("hostile input on every endpoint", () => {
  it("the OpenAPI document lists the endpoints this suite covers", () => {
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual(
      [
        "GET /api/brokers",
        "GET /api/brokers/{id}",
        "GET /api/brokers/{id}/calls",
        "GET /api/brokers/{id}/targets",
        "GET /api/brokers/{id}/event-study",
        "GET /api/dashboard",
        "GET /api/export/brokers.csv",
        "GET /api/export/calls.csv",
        "GET /api/export/picks.csv",
        "GET /api/export/targets.csv",
        "GET /api/health",
        "GET /api/jobs",
        "GET /api/jobs/{id}",
        "GET /api/openapi.json",
        "GET /api/picks",
        "GET /api/picks/{id}",
        "GET /api/reports",
        "GET /api/reports/{id}",
        "GET /api/securities",
        "GET /api/securities/{symbol}",
        "GET /api/securities/{symbol}/ratings",
        "POST /api/jobs/prices/run",
        "POST /api/reports",
      ].sort(),
    );
  });

  it("SQL injection and path traversal in every id and every parameter", async () => {
    for (const op of gets) {
      for (const bad of HOSTILE) {
        for (const p of op.params) {
          const url =
            p.in === "path"
              ? fill(op, { name: p.name, raw: encodeURIComponent(bad) })
              : `${fill(op)}?${p.name}=${encodeURIComponent(bad)}`;
          const res = await request(s.app).get(url);
          if (p.in === "path") expect4xx(res, `GET ${url}`);
          else expectRefusedOrEmpty(res, `GET ${url}`, p.name);
        }
        // A parameter the endpoint does not know, carrying the same value.
        const url = `${fill(op)}?${encodeURIComponent(bad)}=${encodeURIComponent(bad)}`;
        expect4xx(await request(s.app).get(url), `GET ${url}`);
      }
    }
  }, 60_000);

  it("numbers past every range in every id and every parameter", async () => {
    for (const op of gets) {
      for (const bad of NUMERIC) {
        for (const p of op.params) {
          const url = p.in === "path" ? fill(op, { name: p.name, raw: bad }) : `${fill(op)}?${p.name}=${bad}`;
          const res = await request(s.app).get(url);
          // A broker id or exchange code like "0" is well formed and names nothing: 404, or an empty list when filtering.
          if (p.in === "path") expect4xx(res, `GET ${url}`);
          else
            expectRefusedOrEmpty(
              res,
              `GET ${url}`,
              p.name,
              p.name === "broker" || p.name === "symbol" || p.name === "q",
            );
        }
      }
    }
  });

  it("percent-escapes that are not UTF-8, in ids, parameter values and parameter names", async () => {
    for (const op of gets) {
      for (const bad of NOT_UTF8) {
        for (const p of op.params) {
          const url = p.in === "path" ? fill(op, { name: p.name, raw: bad }) : `${fill(op)}?${p.name}=${bad}`;
          expect4xx(await request(s.app).get(url), `GET ${url}`);
        }
        expect4xx(await request(s.app).get(`${fill(op)}?${bad}=1`), `GET ${fill(op)}?${bad}=1`);
      }
    }
  });

  it("raw bytes that are not UTF-8 in the request line", async () => {
    for (const op of gets) {
      const target = Buffer.concat([Buffer.from(fill(op)), Buffer.from([0xff, 0xfe, 0xc0, 0xaf])]);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(new URL(server.url).port), "127.0.0.1", () => {
          socket.end(
            Buffer.concat([
              Buffer.from("GET "),
              target,
              Buffer.from(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            ]),
          );
        });
        let got = "";
        socket.on("data", (d) => {
          got += d.toString("latin1");
        });
        socket.on("end", () => resolve(got));
        socket.on("error", reject);
      });
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
      seen.push(`GET ${fill(op)}<raw bytes>`);
      expect(status, `${fill(op)} + raw bytes: ${raw.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(raw).toMatch(/\r\n\r\n\{"error":\{"code":"[a-z_]+","message":"[^"]+"\}\}$/);
    }
  });

  it("100 KB query strings and thousands of parameters", async () => {
    for (const op of ops) {
      for (const query of [`q=${LONG}`, Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join("&")]) {
        const url = `${server.url.replace(/\/$/, "")}${fill(op)}?${query}`;
        const res = await fetch(url, {
          method: op.method.toUpperCase(),
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        seen.push(`${op.method.toUpperCase()} ${fill(op)}?<${query.length} characters>`);
        expect(res.status, `${op.method} ${fill(op)} with ${query.length} characters`).toBe(414);
        expect(await res.json()).toEqual({ error: { code: "uri_too_long", message: expect.any(String) } });
      }
    }
  });

  it("writes without a token, with a wrong one, or with a hostile one", async () => {
    for (const op of ops.filter((o) => o.method === "post")) {
      for (const auth of [
        undefined,
        "Bearer wrong-token-0123456789",
        `Bearer ${SQL[0]}`,
        `Basic ${TOKEN}`,
        `Bearer ${TOKEN} x`,
        "Bearer",
      ]) {
        const req = request(s.app).post(op.path).set("Content-Type", "text/plain").send("1; DROP TABLE picks; --");
        if (auth !== undefined) req.set("Authorization", auth);
        const res = await req;
        expect4xx(res, `POST ${op.path} with ${auth ?? "no authorization"}`);
        expect([401, 403]).toContain(res.status);
      }
    }
    // The price job refuses an unknown parameter before it starts anything.
    for (const bad of SQL) {
      const res = await request(s.app)
        .post(`/api/jobs/prices/run?${encodeURIComponent(bad)}=1`)
        .set("Authorization", `Bearer ${TOKEN}`);
      expect4xx(res, `POST /api/jobs/prices/run?${bad}`);
    }
  });

  it("wrong content types and hostile bodies on report upload", async () => {
    const post = () => request(s.app).post("/api/reports").set("Authorization", `Bearer ${TOKEN}`);
    const cases: Array<[string, () => request.Test]> = [
      ["text/xml", () => post().set("Content-Type", "text/xml").send("<report>推荐</report>")],
      ["form-urlencoded", () => post().set("Content-Type", "application/x-www-form-urlencoded").send("text=abc")],
      [
        "octet-stream",
        () =>
          post()
            .set("Content-Type", "application/octet-stream")
            .send(Buffer.from([1, 2, 3])),
      ],
      [
        "image/png",
        () =>
          post()
            .set("Content-Type", "image/png")
            .send(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
      ],
      ["no content type", () => post().send(Buffer.from("推荐金山办公"))],
      ["JSON as latin1", () => post().set("Content-Type", "application/json; charset=latin1").send('{"text":"x"}')],
      ["JSON broken", () => post().set("Content-Type", "application/json").send('{"text":')],
      ["JSON a number", () => post().set("Content-Type", "application/json").send('{"text":42}')],
      ["JSON an array", () => post().set("Content-Type", "application/json").send('["text"]')],
      ["JSON null text", () => post().set("Content-Type", "application/json").send('{"text":null}')],
      [
        "JSON extra field",
        () => post().set("Content-Type", "application/json").send('{"text":"x","sql":"1; DROP TABLE picks"}'),
      ],
      [
        "JSON injection text",
        () =>
          post()
            .set("Content-Type", "application/json")
            .send(JSON.stringify({ text: SQL.join("\n") })),
      ],
      [
        "JSON proto pollution",
        () => post().set("Content-Type", "application/json").send('{"__proto__":{"admin":true},"text":"x"}'),
      ],
      [
        "JSON nested deep",
        () =>
          post()
            .set("Content-Type", "application/json")
            .send(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`),
      ],
      [
        "text not UTF-8",
        () =>
          post()
            .set("Content-Type", "text/plain")
            .send(Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0xc0, 0xaf])),
      ],
      ["text injection", () => post().set("Content-Type", "text/plain; charset=utf-8").send(SQL.join("\n"))],
      ["text empty", () => post().set("Content-Type", "text/plain").send("")],
      [
        "PDF that is not a PDF",
        () => post().set("Content-Type", "application/pdf").send(Buffer.from("%PDF-1.7\n garbage")),
      ],
      [
        "multipart garbage",
        () =>
          post()
            .set("Content-Type", "multipart/form-data; boundary=xyz")
            .send('--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated'),
      ],
      [
        "multipart traversal file name",
        () =>
          post().attach("file", Buffer.from(SQL.join("\n")), {
            filename: "../../../../etc/passwd",
            contentType: "text/plain",
          }),
      ],
      ["multipart wrong field", () => post().attach("upload", Buffer.from("推荐金山办公"), "a.txt")],
      [
        "body over 5 MB",
        () =>
          post()
            .set("Content-Type", "text/plain")
            .send("推".repeat(2 * 1024 * 1024)),
      ],
    ];
    for (const [label, send] of cases) expect4xx(await send(), `POST /api/reports: ${label}`);
  });

  it("wrong methods on every path", async () => {
    for (const op of ops) {
      for (const method of ["put", "patch", "delete"] as const) {
        const res = await request(s.app)[method](fill(op)).set("Authorization", `Bearer ${TOKEN}`);
        expect4xx(res, `${method} ${fill(op)}`);
        expect(res.status, `${method} ${fill(op)}`).toBe(405);
        expect(res.headers.allow, `${method} ${fill(op)}`).toMatch(/^(GET, HEAD|GET, HEAD, POST|POST)$/);
      }
    }
  });

  it("left the database exactly as it was", () => {
    expect(seen.length).toBeGreaterThan(1000);
    expect(changes(s.seed.db)).toBe(before.changes);
    expect(fingerprint(s.seed.db)).toBe(before.hash);
  });
});
