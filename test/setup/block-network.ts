/**
 * Tests never touch the network: any connection to a host other than this machine's
 * loopback fails loudly, so a test that would reach Yahoo (or anything else) fails
 * instead of passing by luck. Loopback stays open for supertest, local fake servers
 * and the browser test.
 */
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

function hostOf(args: unknown[]): string | undefined {
  const first = args[0];
  if (Array.isArray(first)) return hostOf(first);
  if (first && typeof first === "object") {
    const o = first as { host?: string; path?: string };
    if (o.path) return "localhost"; // unix socket
    return o.host ?? "localhost";
  }
  if (typeof first === "number") return typeof args[1] === "string" ? args[1] : "localhost";
  if (typeof first === "string") return "localhost"; // unix socket path
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const host = hostOf(args);
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`network blocked in tests: connection to ${host}`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  if (!LOOPBACK.test(url.hostname.replace(/^\[|\]$/g, ""))) {
    throw new TypeError(`network blocked in tests: fetch ${url.origin}`);
  }
  return originalFetch(input, init);
}) as typeof fetch;
