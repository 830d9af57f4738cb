/** The price source contract (shared with the rest of the product) and its implementations. */
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
