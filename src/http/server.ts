import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Logger } from "../logger.js";
import { securityHeaderLines } from "./securityHeaders.js";

/** Request heads up to this size reach the app (which answers an over-long URL with a 414 in the envelope). */
const MAX_HEADER_BYTES = 256 * 1024;

/** The answer to a request Node's parser refused, by the parser's error code. */
function clientErrorAnswer(code: string | undefined): { status: string; code: string; message: string } {
  if (code === "HPE_HEADER_OVERFLOW")
    return {
      status: "431 Request Header Fields Too Large",
      code: "headers_too_large",
      message: "the request head is too large",
    };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { status: "408 Request Timeout", code: "request_timeout", message: "the request took too long to arrive" };
  return { status: "400 Bad Request", code: "bad_request", message: "malformed HTTP request" };
}

/**
 * An HTTP server for the app. Requests Node itself refuses (malformed, or a head past the limit)
 * still get the JSON error envelope and the security headers every other response carries; a
 * request without Host is left to the app, which answers it the same way.
 */
export function createHttpServer(app: Express): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, app);
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const answer = clientErrorAnswer(err.code);
    const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
    const security = securityHeaderLines()
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    socket.end(
      `HTTP/1.1 ${answer.status}\r\nContent-Type: application/json; charset=utf-8\r\n${security}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and resolves with the URL once ready. */
export function startServer(
  app: Express,
  opts: { host: string; port: number; logger: Logger },
): Promise<RunningServer> {
  const server = createHttpServer(app);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
      const url = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${port}/`;
      opts.logger.info({ url }, "listening");
      resolve({
        server,
        url,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
