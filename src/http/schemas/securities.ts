import { z } from "zod";
import { fromNotAfterTo, IsoDateParam, LimitParam } from "./common.js";
import { PickSchema } from "./picks.js";

export const SecurityParams = z.strictObject({
  symbol: z
    .string()
    .regex(
      /^(?=.{1,21}$)\^?[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/,
      "must be a symbol such as 688111.SS or 0354.HK, or a code such as 300418 or 354",
    )
    .meta({
      description:
        "Yahoo symbol (300418.SZ, 0354.HK) or bare exchange code, read as a report's printed code is: six digits an A-share (300418), one to five digits an HK share (354 → 00354).",
      example: "300418",
    }),
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

export const SecuritySearchQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(40, "must be at most 40 characters")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters")
    .meta({
      description:
        "A name the security carries now or carried before (昆仑万维; 美亚柏科 finds 300188 国投智能), a code (300418, 354) or a symbol (300418.SZ). Names match exactly, by their start or anywhere in them.",
      example: "昆仑万维",
    }),
  limit: LimitParam(50, 10),
});

export const SecurityHitSchema = z
  .object({
    symbol: z.string(),
    code: z.string(),
    exchange: z.enum(["SSE", "SZSE", "BSE", "HKEX"]),
    market: z.enum(["A", "HK"]),
    name: z.string().meta({ description: "The security's current name." }),
    industry: z.string().nullable(),
    listDate: z.string().nullable(),
    matchedBy: z.enum(["symbol", "code", "name", "former-name"]).meta({
      description: "What matched: the symbol, the code, the current name, or a name it carried before.",
    }),
    matchedName: z.string().nullable().meta({ description: "The name that matched; null for a symbol or code." }),
    picks: z.number().int().meta({ description: "Picks of the security in the store." }),
  })
  .meta({ id: "SecurityHit" });

export const SecuritySearchSchema = z
  .object({
    q: z.string(),
    items: z.array(SecurityHitSchema).meta({
      description:
        "Best first: exact symbol or code; exact name (current before former); names starting with q; codes starting with q; names containing q. Ties: more picks first.",
    }),
  })
  .meta({ id: "SecuritySearch" });
