import pino from "pino";

export type Logger = pino.Logger;

/** Structured logs to stderr, so CLI output on stdout stays clean for pipes. */
export function createLogger(level: string = "info"): Logger {
  return pino({ level, base: { app: "brokerpicks" } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: "silent" });
