import { z } from "zod";
import type { CsvOptions } from "../../export/csv.js";
import { fromNotAfterTo } from "./common.js";
import { PickFilterShape } from "./picks.js";

/** How every CSV the API exports is written. */
export const CsvOptionsShape = {
  format: z
    .enum(["excel", "plain"], "must be excel or plain")
    .default("excel")
    .meta({
      description:
        'excel (default): codes as ="002230" so Excel keeps leading zeros; plain: codes as 002230, for pandas and ' +
        "other CSV readers. In both, text cells starting with = + - @ tab or CR get a leading apostrophe.",
      example: "plain",
    }),
  lang: z.enum(["en", "zh"], "must be en or zh").default("en").meta({
    description: "Header language: en (default, lower_snake_case) or zh (券商, 研报日期, 代码 …). Values are the same.",
    example: "zh",
  }),
};

export const PickExportQuerySchema = z
  .strictObject({ ...PickFilterShape, ...CsvOptionsShape })
  .refine(fromNotAfterTo, { path: ["from"], message: "must not be after to" });

export const BrokerExportQuerySchema = z.strictObject(CsvOptionsShape);

export function toCsvOptions(q: { format: CsvOptions["format"]; lang: CsvOptions["lang"] }): CsvOptions {
  return { format: q.format, lang: q.lang };
}
