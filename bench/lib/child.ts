import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Heavy parts run in their own Node processes: peak RSS is then that of the work alone
 * (process.resourceUsage().maxRSS), and a server under load does not share an event loop
 * with the load generator. Children are TypeScript, run through tsx, and talk over IPC.
 */

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export type ChildMessage =
  | { type: "result"; data: unknown }
  | { type: "ready"; port: number }
  | { type: "stopped"; data: unknown }
  | { type: "progress"; text: string };

export function childScript(name: string): string {
  return join(benchDir, "children", name);
}

function spawnChild(script: string, args: readonly string[], heapMb?: number): ChildProcess {
  const execArgv = ["--import", "tsx"];
  if (heapMb) execArgv.push(`--max-old-space-size=${heapMb}`);
  return fork(script, [...args], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function onProgress(msg: ChildMessage): void {
  if (msg.type === "progress") process.stderr.write(`  ${msg.text}\n`);
}

/** Runs a child to completion and resolves with what it sent as its result. */
export function runChild<T>(
  script: string,
  args: readonly string[] = [],
  opts: { timeoutMs?: number; heapMb?: number } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(script, args, opts.heapMb);
    let got: { data: unknown } | null = null;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs ?? 600_000);
    child.on("message", (m: ChildMessage) => {
      onProgress(m);
      if (m.type === "result") got = { data: m.data };
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (got && code === 0) resolve(got.data as T);
      else reject(new Error(`${script} exited with ${signal ?? code} before sending its result`));
    });
  });
}

export interface ServerChild<S> {
  port: number;
  /** Asks the server to stop and resolves with its closing statistics. */
  stop(): Promise<S>;
}

/** Starts a server child, resolves once it listens on 127.0.0.1 with its port. */
export function startServerChild<S>(
  script: string,
  args: readonly string[] = [],
  opts: { heapMb?: number } = {},
): Promise<ServerChild<S>> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(script, args, opts.heapMb);
    let stopped: ((s: S) => void) | null = null;
    let failStop: ((e: Error) => void) | null = null;
    child.on("message", (m: ChildMessage) => {
      onProgress(m);
      if (m.type === "ready") {
        resolve({
          port: m.port,
          stop: () =>
            new Promise<S>((res, rej) => {
              stopped = res;
              failStop = rej;
              child.send({ type: "stop" });
            }),
        });
      }
      if (m.type === "stopped") stopped?.(m.data as S);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const e = new Error(`${script} exited with ${signal ?? code}`);
      reject(e);
      failStop?.(e);
    });
  });
}

// ---------------------------------------------------------------- inside a child

function send(msg: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      if (msg.type === "result" || msg.type === "stopped") console.log(JSON.stringify(msg.data, null, 2));
      if (msg.type === "progress") console.error(msg.text);
      resolve();
      return;
    }
    process.send(msg, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function sendResult(data: unknown): Promise<void> {
  await send({ type: "result", data });
}

export function progress(text: string): void {
  void send({ type: "progress", text });
}

/** In a server child: says it listens, and on "stop" runs `close` and sends its statistics back. */
export async function serveUntilStopped(port: number, close: () => Promise<unknown>): Promise<void> {
  process.on("message", (m: { type?: string }) => {
    if (m?.type !== "stop") return;
    void close().then(async (data) => {
      await send({ type: "stopped", data });
      process.exit(0);
    });
  });
  await send({ type: "ready", port });
}

/** Runs a child's main function: any failure is printed and ends the child with a non-zero code. */
export function childMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
