import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root, wherever the checkout lives. Paths of shipped files hang off it. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export const paths = {
  migrations: join(projectRoot, "db", "migrations"),
  defaultDatabase: join(projectRoot, "db", "brokerpicks.sqlite"),
  seedReports: join(projectRoot, "seeds", "reports"),
  seedSecurities: join(projectRoot, "seeds", "securities"),
  seedPrices: join(projectRoot, "seeds", "prices", "seed-prices.csv"),
  aliases: join(projectRoot, "seeds", "aliases.csv"),
  web: join(projectRoot, "src", "web"),
} as const;
