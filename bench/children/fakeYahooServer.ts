/**
 * The fake Yahoo chart server of the price-sync benchmark, in its own process: every symbol of
 * the whole-market file plus the seed snapshot's CSI 300, with 50 ms latency, 2% HTTP 429 and
 * 1% HTTP 500 drawn with a fixed seed.
 *
 * Args: <market file> <symbols out file> <latency ms> <share 429> <share 500> <seed>. Writes the
 * symbols it serves (JSON) to the out file before it says it is ready. On stop sends FakeYahooStats.
 */
import { writeFileSync } from "node:fs";
import type { Bar } from "../../src/domain/types.js";
import { childMain, progress, serveUntilStopped } from "../lib/child.js";
import { startFakeYahoo } from "../lib/fakeYahoo.js";
import { readBySymbol, seedIndexBars } from "../lib/marketFile.js";

async function main(): Promise<void> {
  const [file, symbolsOut, latency, share429, share500, seed] = process.argv.slice(2);
  if (!file || !symbolsOut)
    throw new Error("usage: fakeYahooServer <market file> <symbols out> [latency] [429 share] [500 share] [seed]");
  const bars = new Map<string, Bar[]>();
  for await (const s of readBySymbol(file)) bars.set(s.symbol, s.bars);
  const index = seedIndexBars().get("000300.SS");
  if (index) bars.set("000300.SS", index);
  writeFileSync(symbolsOut, JSON.stringify([...bars.keys()]));
  progress(`fake Yahoo: ${bars.size} symbols loaded`);
  const server = await startFakeYahoo({
    bars,
    latencyMs: Number(latency ?? 50),
    rateLimited: Number(share429 ?? 0.02),
    serverErrors: Number(share500 ?? 0.01),
    seed: Number(seed ?? 429),
  });
  await serveUntilStopped(server.port, async () => {
    const stats = server.stats();
    await server.close();
    return stats;
  });
  // Stays up until the parent says stop.
  await new Promise<never>(() => {});
}

childMain(main);
