import { z } from "zod";
import { fromNotAfterTo, IsoDateParam } from "./common.js";
import { PickSchema } from "./picks.js";

export const SecurityParams = z.strictObject({
  symbol: z
    .string()
    .regex(/^(?=.{1,21}$)\^?[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/, "must be a symbol such as 688111.SS or 0354.HK")
    .meta({ description: "Yahoo symbol.", example: "688111.SS" }),
});

export const SecurityQuerySchema = z
  .strictObject({ from: IsoDateParam.optional(), to: IsoDateParam.optional() })
  .refine(fromNotAfterTo, { path: ["from"], message: "must not be after to" });

export const BarSchema = z
  .object({
    date: z.string(),
    open: z.number(),
    high: z.number().nullable(),
    low: z.number().nullable(),
    close: z.number(),
    adjclose: z.number(),
    volume: z.number().nullable(),
  })
  .meta({ id: "Bar" });

export const SecurityDetailSchema = z
  .object({
    security: z.object({
      symbol: z.string(),
      code: z.string(),
      exchange: z.enum(["SSE", "SZSE", "BSE", "HKEX"]),
      market: z.enum(["A", "HK"]),
      name: z.string(),
      industry: z.string().nullable(),
      listDate: z.string().nullable(),
    }),
    bars: z.array(BarSchema),
    picks: z.array(PickSchema),
  })
  .meta({ id: "SecurityDetail" });
