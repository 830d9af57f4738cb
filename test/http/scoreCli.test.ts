import { execFileSync } from "node:child_process";
import { join } from "node:path";
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { ScoredPick } from "../../src/domain/types.js";
import { createApp } from "../../src/http/app.js";
import { silentLogger } from "../../src/logger.js";
import { projectRoot } from "../../src/paths.js";
import { openDatabase } from "../../src/store/database.js";
import type { PickView } from "../../src/store/pickViews.js";
import { seedDb, seedServices } from "../helpers/seedDb.js";
import { tempDir } from "../helpers/tempDir.js";

describe("/api/picks against npm run score -- --json", () => {
  it("gives the same numbers for every pick", async () => {
    const file = join(tempDir("bp-score-"), "store.sqlite");
    const seeded = await seedDb(new Date(), file);
    seeded.db.close();

    const stdout = execFileSync(join(projectRoot, "node_modules", ".bin", "tsx"), ["src/cli/score.ts", "--json"], {
      cwd: projectRoot,
      env: { ...process.env, BROKERPICKS_DB: file, LOG_LEVEL: "silent" },
      encoding: "utf8",
      timeout: 60_000,
    });
    const cli = stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as ScoredPick);
    expect(cli).toHaveLength(81);

    const db = openDatabase(file);
    const app = createApp({
      db,
      token: null,
      now: () => new Date(),
      logger: silentLogger,
      services: seedServices({ ...seeded, db }),
    });
    const res = await request(app).get("/api/picks?limit=1000");
    const api = new Map((res.body.items as PickView[]).map((p) => [p.id, p]));
    expect(api.size).toBe(81);
    for (const x of cli) {
      const p = api.get(Number(x.key));
      expect(p, `pick ${x.key}`).toBeDefined();
      if (!p) continue;
      expect({
        symbol: p.symbol,
        stance: p.stance,
        rating: p.rating,
        reportDate: p.reportDate,
        benchmark: p.benchmark,
        entry: p.entry,
        checkpoints: p.checkpoints,
        toDate: p.toDate,
        verdict: p.verdict,
        verdictHorizon: p.verdictHorizon,
        realizedLabel: p.realizedLabel,
        hitWithinWindow: p.hitWithinWindow,
        flags: p.flags,
      }).toEqual({
        symbol: x.symbol,
        stance: x.stance,
        rating: x.rating,
        reportDate: x.reportDate,
        benchmark: x.benchmark,
        entry: x.entry ? { date: x.entry.date, price: x.entry.price } : null,
        checkpoints: x.checkpoints,
        toDate: x.toDate,
        verdict: x.verdict,
        verdictHorizon: x.verdictHorizon,
        realizedLabel: x.realizedLabel,
        hitWithinWindow: x.hitWithinWindow,
        flags: x.flags,
      });
    }
    db.close();
  }, 90_000);
});
