import { z } from "zod";
import { PICK_STATE_CODES } from "../../scoring/wording.js";
import { PICK_SORT_FIELDS, type PickFilter, type PickSort } from "../../store/pickQueries.js";
import type { PickView } from "../../store/pickViews.js";
import {
  BrokerIdParam,
  BrokerRefSchema,
  CheckpointSchema,
  fromNotAfterTo,
  IsoDateParam,
  LimitParam,
  OffsetParam,
  PageMetaSchema,
  PickFlagSchema,
  RatingActionSchema,
  ScaleSourceSchema,
  StanceSchema,
  SymbolParam,
  TargetPriceSchema,
  VerdictSchema,
} from "./common.js";

const SORT_VALUES = [...PICK_SORT_FIELDS, ...PICK_SORT_FIELDS.map((f) => `-${f}` as const)] as const;

/** The filters /api/picks and /api/export/picks.csv share. */
export const PickFilterShape = {
  broker: BrokerIdParam.optional(),
  stance: StanceSchema.optional().meta({ description: "recommend (推荐), watch (关注), beneficiary (受益标的)." }),
  rating: z
    .string()
    .min(1)
    .max(32, "must be at most 32 characters")
    .optional()
    .meta({ description: "Printed rating, e.g. 买入.", example: "买入" }),
  sector: z
    .string()
    .min(1)
    .max(32, "must be at most 32 characters")
    .optional()
    .meta({ description: "The report's sector as printed, e.g. 计算机.", example: "计算机" }),
  verdict: VerdictSchema.optional(),
  symbol: SymbolParam.optional(),
  from: IsoDateParam.optional().meta({ description: "Earliest report date (inclusive)." }),
  to: IsoDateParam.optional().meta({ description: "Latest report date (inclusive)." }),
  sort: z
    .enum(SORT_VALUES, `must be one of ${SORT_VALUES.join(", ")}`)
    .default("-reportDate")
    .meta({ description: "Field to sort by; a leading - sorts descending. Missing values sort last." }),
};

export const PickListQuerySchema = z
  .strictObject({ ...PickFilterShape, limit: LimitParam(1000, 100), offset: OffsetParam })
  .refine(fromNotAfterTo, { path: ["from"], message: "must not be after to" });

const PickFilterSchema = z.object(PickFilterShape);

export type PickFilterQuery = z.output<typeof PickFilterSchema>;

export function toFilter(q: PickFilterQuery): { filter: PickFilter; sort: PickSort } {
  const descending = q.sort.startsWith("-");
  return {
    filter: {
      broker: q.broker,
      stance: q.stance,
      rating: q.rating,
      sector: q.sector,
      verdict: q.verdict,
      symbol: q.symbol,
      from: q.from,
      to: q.to,
    },
    sort: { field: (descending ? q.sort.slice(1) : q.sort) as PickSort["field"], descending },
  };
}

export const PickStateSchema = z
  .object({
    code: z.enum(PICK_STATE_CODES).meta({
      description:
        "Why the pick has the checkpoints it has: unresolved (security not identified), unscored (not scored yet, e.g. the report has no date), no-prices (the stock has no bars for its entry), no-benchmark-prices (the benchmark has none), judged (verdict hit, miss or unrated), delisted, not-entered (entry day not reached yet), pending (entered, horizon not reached), unscorable (any other reason; see reasonZh).",
    }),
    message: z.string().meta({
      description:
        "The state in Chinese: 未识别证券, 尚未评分, 无行情数据, 基准无行情, 已评判, 已退市, 尚未入场, 未到期, 无法评分.",
    }),
  })
  .meta({ id: "PickState" });

export const PickSchema = z
  .object({
    id: z.number().int(),
    broker: BrokerRefSchema,
    reportId: z.number().int(),
    reportDate: z.string().nullable(),
    reportDateKind: z.enum(["explicit", "inferred"]).nullable(),
    name: z.string().meta({ description: "The name as printed in the report." }),
    securityName: z.string().nullable().meta({ description: "The security's current name." }),
    code: z.string().nullable(),
    symbol: z.string().nullable(),
    market: z.enum(["A", "HK"]).nullable(),
    resolution: z.enum(["resolved", "ambiguous", "unknown"]),
    stance: StanceSchema,
    rating: z.string().nullable(),
    ratingAction: RatingActionSchema.nullable().meta({
      description:
        "What the report does to the stock's rating: 首次 (initiated), 维持 (maintained), 上调 (upgraded), 下调 (downgraded); null when none is printed.",
    }),
    targetPrice: TargetPriceSchema.nullable().meta({ description: "The target price printed for the stock, or null." }),
    benchmark: z.string().nullable().meta({ description: "Benchmark price symbol (000300.SS)." }),
    entry: z.object({ date: z.string(), price: z.number() }).nullable(),
    checkpoints: z.record(z.string(), CheckpointSchema.nullable()).meta({
      description: 'Keys "1m", "3m", "6m", "12m" (and the verdict horizon when it is another).',
    }),
    toDate: CheckpointSchema.nullable(),
    verdict: VerdictSchema.nullable().meta({ description: "null while the pick is not scored." }),
    scaleSource: ScaleSourceSchema.nullable().meta({ description: "null while the pick is not scored." }),
    verdictHorizon: z.string().nullable(),
    realizedLabel: z.string().nullable(),
    hitWithinWindow: z.boolean().nullable(),
    judgedAs: z.string().nullable(),
    reason: z.string().nullable(),
    flags: z.array(PickFlagSchema),
    state: PickStateSchema,
    reasonZh: z.string().nullable().meta({ description: "reason in Chinese, for display; null when reason is null." }),
    judgedAsZh: z.string().nullable().meta({
      description: "judgedAs in Chinese (label and its band, stance, implied benchmark); null when judgedAs is null.",
    }),
    evidence: z.string().meta({ description: "The sentence the pick came from." }),
  })
  .meta({ id: "Pick" });

export const PickPageSchema = z.object({ ...PageMetaSchema, items: z.array(PickSchema) }).meta({ id: "PickPage" });

export const PickChartSchema = z
  .object({
    entryDate: z.string(),
    endDate: z.string(),
    dates: z.array(z.string()),
    stock: z.array(z.number().nullable()),
    benchmark: z.array(z.number().nullable()),
    marks: z.array(z.object({ key: z.string(), date: z.string(), excess: z.number(), stale: z.boolean() })),
  })
  .meta({ id: "PickChart", description: "Daily adjusted closes rebased to 1 at the entry price." });

export const PickDetailSchema = z
  .object({ pick: PickSchema, chart: PickChartSchema.nullable() })
  .meta({ id: "PickDetail" });

// The response schema and the store's view must describe the same object.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _pickShapeMatches: Same<z.output<typeof PickSchema>, PickView> = true;
void _pickShapeMatches;
