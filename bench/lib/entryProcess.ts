import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";
import { childScript } from "./child.js";

/**
 * A product entry point (src/cli/score.ts, src/main.ts) run as its npm script runs it (node
 * with tsx's loader, configured by its environment only) in a process of its own, watched:
 * stopped when it runs past a time limit or its RSS passes a limit, so a run that would take
 * the machine down is recorded as a miss instead. Its peak RSS comes from the process itself
 * at exit (peakRssOnExit.ts), or from /proc's high-water mark when it had to be stopped.
 */

export const PEAK_RSS_MARK = "brokerpicks-bench peak-rss-kb=";

export interface Limits {
  timeoutMs: number;
  rssLimitMb: number;
}

export interface EntryExit {
  /** Spawn to exit. */
  seconds: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  peakRssMb: number;
  /** Why the watch stopped it, or null when it ended by itself (or was asked to stop). */
  stoppedFor: "timeout" | "rss" | null;
  /** The pino lines it logged, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The end of what it wrote that is not a log line (errors, the ready line). */
  tail: string;
}

/** Variables that would configure the product from the caller's shell: the benchmark sets its own. */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => !k.startsWith("BROKERPICKS_") && !["PORT", "HOST", "LOG_LEVEL"].includes(k)),
  );
}

/** VmRSS and VmHWM (high-water mark) of a live process, in MB, from /proc; null once it is gone. */
export function procRss(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    const rss = kb("VmRSS");
    const hwm = kb("VmHWM");
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rssMb: rss / 1024, hwmMb: hwm / 1024 } : null;
  } catch {
    return null;
  }
}

export class EntryProcess {
  readonly started = performance.now();
  readonly exited: Promise<EntryExit>;
  private readonly child: ChildProcess;
  private stoppedFor: EntryExit["stoppedFor"] = null;
  private highWaterMb = 0;
  private readonly lineWatchers: Array<{ pattern: RegExp; resolve: (line: string | null) => void }> = [];
  private output = "";

  /** `script` relative to the project root, e.g. "src/cli/score.ts". */
  constructor(script: string, env: Record<string, string>, limits: Limits) {
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", childScript("peakRssOnExit.ts"), join(projectRoot, script)],
      { cwd: projectRoot, env: { ...cleanEnv(process.env), ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const logs: Array<Record<string, unknown>> = [];
    let tail = "";
    let peakKb: number | null = null;
    const keep = (line: string) => {
      if (line.startsWith(PEAK_RSS_MARK)) {
        peakKb = Number(line.slice(PEAK_RSS_MARK.length));
        return;
      }
      if (line.startsWith("{")) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
          return;
        } catch {
          // Not a log line: kept below.
        }
      }
      if (line.trim()) tail = `${tail}${line}\n`.slice(-4000);
      this.output = `${this.output}${line}\n`.slice(-20_000);
      for (const w of this.lineWatchers.filter((w) => w.pattern.test(line))) {
        this.lineWatchers.splice(this.lineWatchers.indexOf(w), 1);
        w.resolve(line);
      }
    };
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let carry = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        const lines = (carry + chunk).split("\n");
        carry = lines.pop() ?? "";
        for (const l of lines) keep(l);
      });
      stream?.on("end", () => keep(carry));
    }
    const pid = this.child.pid ?? -1;
    const watch = setInterval(() => {
      const now = procRss(pid);
      if (!now) return;
      this.highWaterMb = Math.max(this.highWaterMb, now.hwmMb);
      if (now.rssMb > limits.rssLimitMb) this.kill("rss");
    }, 200);
    const timer = setTimeout(() => this.kill("timeout"), limits.timeoutMs);
    this.exited = new Promise((resolve, reject) => {
      this.child.on("error", (err) => {
        clearInterval(watch);
        clearTimeout(timer);
        reject(err);
      });
      this.child.on("close", (code, signal) => {
        clearInterval(watch);
        clearTimeout(timer);
        for (const w of this.lineWatchers.splice(0)) w.resolve(null);
        resolve({
          seconds: (performance.now() - this.started) / 1000,
          code,
          signal,
          peakRssMb: peakKb !== null ? peakKb / 1024 : this.highWaterMb,
          stoppedFor: this.stoppedFor,
          logs,
          tail,
        });
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Whether it has exited. */
  get gone(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The first line it writes (not a log line) that matches, or null if it exits first. */
  waitForLine(pattern: RegExp): Promise<string | null> {
    const seen = this.output.split("\n").find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.gone) return Promise.resolve(null);
    return new Promise((resolve) => this.lineWatchers.push({ pattern, resolve }));
  }

  /** Current RSS in MB, or null once it is gone. */
  rssMb(): number | null {
    return procRss(this.pid)?.rssMb ?? null;
  }

  /** Asks it to stop (SIGTERM, as an operator would), killing it if it has not stopped within `graceMs`. */
  async stop(graceMs = 30_000): Promise<EntryExit> {
    if (!this.gone) this.child.kill("SIGTERM");
    const t = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(t);
    }
  }

  private kill(why: "timeout" | "rss"): void {
    if (this.gone || this.stoppedFor) return;
    this.stoppedFor = why;
    this.child.kill("SIGKILL");
  }
}

/** A port free on 127.0.0.1 right now (the OS's pick), for a server configured by PORT. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** How an entry process ended, in words, when it did not end well; null when it exited with 0. */
export function exitProblem(e: EntryExit, limits: Limits): string | null {
  if (e.stoppedFor === "timeout") return `stopped after ${(limits.timeoutMs / 1000).toFixed(0)} s (the time limit)`;
  if (e.stoppedFor === "rss")
    return `stopped at ${e.seconds.toFixed(0)} s when its RSS passed ${limits.rssLimitMb.toLocaleString("en-US")} MB (the memory limit)`;
  if (e.code === 0) return null;
  const oom = /heap out of memory|Allocation failed/i.test(e.tail) ? " (JavaScript heap out of memory)" : "";
  return `exited with ${e.signal ?? e.code}${oom} after ${e.seconds.toFixed(0)} s: ${e.tail.trim().split("\n").slice(-3).join(" / ").slice(0, 300)}`;
}
