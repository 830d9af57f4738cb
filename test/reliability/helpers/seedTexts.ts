import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../../../src/paths.js";

/** The five shipped report texts, in file order: the bases every mutation starts from. */
export function seedTexts(): string[] {
  return readdirSync(paths.seedReports)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(join(paths.seedReports, f), "utf8"));
}
