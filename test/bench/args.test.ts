import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../bench/lib/args.js";
import { DEFAULT_PRICES_DIR } from "../../bench/lib/scale.js";
import { projectRoot } from "../../src/paths.js";

describe("bench arguments: the scale group and its prices folder", () => {
  it("runs the scale group only when it is named", () => {
    expect(parseBenchArgs([], {}).groups).toEqual(["scoring", "api", "ingest", "prices"]);
    expect(parseBenchArgs(["scale"], {}).groups).toEqual(["scale"]);
    expect(() => parseBenchArgs(["scales"], {})).toThrow(
      "unknown benchmark group(s): scales; groups are scoring, api, ingest, prices, scale",
    );
  });

  it("takes the prices folder from --prices-dir, else BROKERPICKS_BENCH_PRICES_DIR, else the shared data", () => {
    expect(DEFAULT_PRICES_DIR).toBe(join(projectRoot, "..", "shared", "data", "prices"));
    expect(parseBenchArgs(["scale"], {}).pricesDir).toBe(DEFAULT_PRICES_DIR);
    expect(parseBenchArgs(["scale"], { BROKERPICKS_BENCH_PRICES_DIR: "/data/p" }).pricesDir).toBe("/data/p");
    expect(
      parseBenchArgs(["scale", "--prices-dir", "/mine"], { BROKERPICKS_BENCH_PRICES_DIR: "/data/p" }).pricesDir,
    ).toBe("/mine");
  });
});
