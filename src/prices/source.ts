/** The price source contract (shared with the rest of the product), its implementations, and the configured one. */
import { dirname } from "node:path";
import type { Config } from "../config.js";
import type { PriceSource } from "../domain/types.js";
import type { Logger } from "../logger.js";
import { paths } from "../paths.js";
import { CsvSource } from "./csvSource.js";
import { YahooSource } from "./yahoo.js";

export type { Bar, DailyBarsRequest, IsoDate, PriceSource } from "../domain/types.js";
export { CsvSource } from "./csvSource.js";
export {
  AbortedError,
  BadResponseError,
  NotFoundError,
  PriceSourceError,
  RateLimitedError,
  UnavailableError,
} from "./errors.js";
export { YahooSource, type YahooSourceOptions } from "./yahoo.js";

/**
 * The source the configuration names: Yahoo, or CSV files under BROKERPICKS_PRICES_DIR
 * (default: the folder of the shipped snapshot, seeds/prices).
 */
export function priceSourceFromConfig(
  config: Pick<Config, "BROKERPICKS_PRICE_SOURCE" | "BROKERPICKS_PRICES_DIR">,
  opts: { logger?: Logger; fetch?: typeof fetch; baseUrl?: string; csvDir?: string } = {},
): PriceSource {
  if (config.BROKERPICKS_PRICE_SOURCE === "csv") {
    const dir = opts.csvDir ?? config.BROKERPICKS_PRICES_DIR ?? dirname(paths.seedPrices);
    return new CsvSource(dir, opts.logger ? { logger: opts.logger } : {});
  }
  return new YahooSource({
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
  });
}
