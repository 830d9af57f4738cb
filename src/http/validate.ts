import type { z } from "zod";
import { ApiError } from "./errors.js";

type Where = "parameter" | "field";

function describe(issue: z.core.$ZodIssue, where: Where): string {
  if (issue.code === "unrecognized_keys") {
    const key = String(issue.keys[0] ?? "").slice(0, 60);
    return `unknown ${where} "${key}"`;
  }
  const name = issue.path.length > 0 ? issue.path.map(String).join(".").slice(0, 60) : "(body)";
  return `invalid ${where} "${name}": ${issue.message}`;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, code: string, where: Where): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ApiError(400, code, issue ? describe(issue, where) : `invalid ${where}`);
}

/**
 * Percent-escapes that are not UTF-8 reach the query as U+FFFD (Node decodes them leniently):
 * such a value is refused rather than searched for.
 */
function rejectUndecodable(query: unknown): void {
  if (typeof query !== "object" || query === null) return;
  for (const [key, value] of Object.entries(query)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (key.includes("\uFFFD") || values.some((v) => typeof v === "string" && v.includes("\uFFFD"))) {
      throw new ApiError(
        400,
        "invalid_parameter",
        `invalid parameter "${key.slice(0, 60)}": not valid UTF-8 once percent-decoded`,
      );
    }
  }
}

/** Parses a query string object; a failure is a 400 naming the first offending parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  rejectUndecodable(query);
  return parse(schema, query ?? {}, "invalid_parameter", "parameter");
}

/** Parses route parameters (ids in the path). */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  return parse(schema, params, "invalid_parameter", "parameter");
}

/** Parses a JSON body. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parse(schema, body, "invalid_body", "field");
}
