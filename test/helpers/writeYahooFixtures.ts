/**
 * Writes the A-share and HK chart fixtures under test/fixtures/yahoo/ from seed-prices.csv,
 * in the shape of yahoo-finance2's recorded exchanges. Run: npx tsx test/helpers/writeYahooFixtures.ts
 * (the files are committed; tests read them, they do not rebuild them).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { seedBarsOf } from "./seedBars.js";
import { chartExchange, type NullRow } from "./yahooChart.js";
import { YAHOO_FIXTURES } from "./yahooReplay.js";

function write(name: string, exchange: unknown) {
  writeFileSync(join(YAHOO_FIXTURES, name), `${JSON.stringify(exchange, null, 2)}\n`);
  console.log(name);
}

const exclusiveEnd = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

for (const [symbol, from, to] of [
  ["000300.SS", "2024-02-01", "2024-02-29"],
  ["688111.SS", "2024-01-02", "2024-01-31"],
  ["1357.HK", "2024-02-01", "2024-02-29"],
] as const) {
  write(
    `chart-${symbol}-${from}-to-${exclusiveEnd(to)}.json`,
    chartExchange(symbol, from, to, seedBarsOf(symbol, from, to)),
  );
}

// Yahoo sometimes returns rows of nulls on exchange holidays; this one has two inside the Spring Festival closure.
const holidays: NullRow[] = [{ nullRowOn: "2024-02-09" }, { nullRowOn: "2024-02-16" }];
write(
  "chart-000300.SS-2024-02-05-to-2024-02-24-holiday-nulls.fake.json",
  chartExchange("000300.SS", "2024-02-05", "2024-02-23", [
    ...seedBarsOf("000300.SS", "2024-02-05", "2024-02-23"),
    ...holidays,
  ]),
);
