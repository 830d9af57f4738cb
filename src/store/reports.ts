import type {
  Analyst,
  BrokerRef,
  Currency,
  DateKind,
  ExtractedReport,
  RatingAction,
  RatingScale,
  ResolvedPick,
  Stance,
  TargetPrice,
} from "../domain/types.js";
import type { Db } from "./database.js";
import { SecuritiesRepo } from "./securities.js";

export interface NewReport {
  extraction: ExtractedReport;
  text: string;
  sha256: string;
  /** The hash of the normalised text that tells a second copy of the report (src/ingest/textKey.ts). */
  textKey?: string;
  fileName: string | null;
  ingestedAt: string;
}

export interface ReportRow {
  id: number;
  sha256: string;
  fileName: string | null;
  brokerId: string;
  brokerName: string;
  brokerEvidence: string[];
  reportDate: string | null;
  dateKind: DateKind | null;
  dateEvidence: string | null;
  title: string | null;
  sector: string | null;
  industryRating: string | null;
  industryAction: string | null;
  warnings: string[];
  ingestedAt: string;
}

export interface StoredPick {
  id: number;
  reportId: number;
  name: string;
  printedCode: string | null;
  symbol: string | null;
  resolution: "resolved" | "ambiguous" | "unknown";
  stance: Stance;
  rating: string | null;
  ratingAction: RatingAction | null;
  targetPrice: TargetPrice | null;
  spanStart: number;
  spanEnd: number;
  evidence: string;
}

interface RawPickRow extends Omit<StoredPick, "targetPrice"> {
  targetPrice: number | null;
  targetCurrency: Currency | null;
  targetEvidence: string | null;
}

export interface StoredScales {
  /** Whether a definitions section was found. */
  found: boolean;
  stock: RatingScale | null;
  industry: RatingScale | null;
  raw: string | null;
}

interface RawReportRow extends Omit<ReportRow, "brokerEvidence" | "warnings"> {
  brokerEvidence: string;
  warnings: string;
}

interface RawScaleRow {
  kind: "stock" | "industry" | "section";
  parsed: number;
  relativeTo: RatingScale["relativeTo"] | null;
  qualitative: number | null;
  horizonMin: number | null;
  horizonMax: number | null;
  benchmarks: string;
  labels: string;
  raw: string;
  unparsedReason?: string | null;
}

const REPORT_COLUMNS = `r.id, r.sha256, r.file_name AS fileName, r.broker_id AS brokerId, b.name AS brokerName,
  r.broker_evidence AS brokerEvidence, r.report_date AS reportDate, r.date_kind AS dateKind,
  r.date_evidence AS dateEvidence, r.title, r.sector, r.industry_rating AS industryRating,
  r.industry_action AS industryAction, r.warnings, r.ingested_at AS ingestedAt`;

const PICK_COLUMNS = `id, report_id AS reportId, name, printed_code AS printedCode, symbol, resolution, stance, rating,
  rating_action AS ratingAction, target_price AS targetPrice, target_currency AS targetCurrency,
  target_evidence AS targetEvidence, span_start AS spanStart, span_end AS spanEnd, evidence`;

/** Reports with their analysts, rating scales and picks. A report is written whole or not at all. */
export class ReportsRepo {
  private readonly securities: SecuritiesRepo;
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.securities = new SecuritiesRepo(db);
    this.stmts = {
      idBySha: db.prepare("SELECT id FROM reports WHERE sha256 = ?").pluck(),
      upsertBroker: db.prepare(`INSERT INTO brokers (id, name, en, firm_id) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, en = COALESCE(excluded.en, brokers.en),
          firm_id = excluded.firm_id`),
      insertReport: db.prepare(`INSERT INTO reports (sha256, text_key, file_name, broker_id, broker_evidence,
          report_date, date_kind, date_evidence, title, sector, industry_rating, industry_action, warnings, text,
          ingested_at)
        VALUES (@sha256, @textKey, @fileName, @brokerId, @brokerEvidence, @reportDate, @dateKind, @dateEvidence,
          @title, @sector, @industryRating, @industryAction, @warnings, @text, @ingestedAt)`),
      sameDay: db
        .prepare("SELECT id, text_key FROM reports WHERE broker_id = ? AND report_date IS ? ORDER BY id")
        .raw(true),
      setTextKey: db.prepare("UPDATE reports SET text_key = ? WHERE id = ?"),
      insertAnalyst: db.prepare(
        "INSERT INTO report_analysts (report_id, position, name, license, role) VALUES (?, ?, ?, ?, ?)",
      ),
      insertScale: db.prepare(`INSERT INTO rating_scales (report_id, kind, parsed, relative_to, qualitative,
          horizon_min, horizon_max, benchmarks, labels, raw, unparsed_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPick: db.prepare(`INSERT INTO picks (report_id, name, printed_code, symbol, resolution, stance, rating,
          rating_action, target_price, target_currency, target_evidence, span_start, span_end, evidence)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      get: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports r JOIN brokers b ON b.id = r.broker_id WHERE r.id = ?`),
      text: db.prepare("SELECT text FROM reports WHERE id = ?").pluck(),
      analysts: db.prepare("SELECT name, license, role FROM report_analysts WHERE report_id = ? ORDER BY position"),
      scales: db.prepare(`SELECT kind, parsed, relative_to AS relativeTo, qualitative, horizon_min AS horizonMin,
          horizon_max AS horizonMax, benchmarks, labels, raw, unparsed_reason AS unparsedReason
          FROM rating_scales WHERE report_id = ?`),
      picks: db.prepare(`SELECT ${PICK_COLUMNS} FROM picks WHERE report_id = ? ORDER BY span_start`),
      count: db.prepare("SELECT COUNT(*) FROM reports").pluck(),
    };
  }

  count(): number {
    return this.stmts.count.get() as number;
  }

  idBySha(sha256: string): number | null {
    return (this.stmts.idBySha.get(sha256) as number | undefined) ?? null;
  }

  /**
   * The stored report of this broker and date whose text has this key (the first stored, when
   * several have), or null. A report stored without a key gets it from `keyOf`, kept unless
   * `remember` is false (a dry run writes nothing).
   */
  sameReport(
    report: { brokerId: string; reportDate: string | null; textKey: string },
    keyOf: (text: string) => string,
    remember = true,
  ): number | null {
    for (const [id, stored] of this.stmts.sameDay.all(report.brokerId, report.reportDate) as [
      number,
      string | null,
    ][]) {
      let key = stored;
      if (key === null) {
        key = keyOf(this.text(id) ?? "");
        if (remember) this.stmts.setTextKey.run(key, id);
      }
      if (key === report.textKey) return id;
    }
    return null;
  }

  /** Stores a report with everything extracted from it, in one transaction; returns its id. */
  insert(input: NewReport): number {
    const { extraction: x } = input;
    return this.db.transaction(() => {
      this.upsertBroker(x.broker);
      const id = Number(
        this.stmts.insertReport.run({
          sha256: input.sha256,
          textKey: input.textKey ?? null,
          fileName: input.fileName,
          brokerId: x.broker.id,
          brokerEvidence: JSON.stringify(x.broker.evidence),
          reportDate: x.date?.value ?? null,
          dateKind: x.date?.kind ?? null,
          dateEvidence: x.date?.evidence ?? null,
          title: x.title,
          sector: x.sector,
          industryRating: x.industryRating?.label ?? null,
          industryAction: x.industryRating?.action ?? null,
          warnings: JSON.stringify(x.warnings),
          text: input.text,
          ingestedAt: input.ingestedAt,
        }).lastInsertRowid,
      );
      x.analysts.forEach((a: Analyst, i) => {
        this.stmts.insertAnalyst.run(id, i, a.name, a.license, a.role);
      });
      if (x.ratingScales.found) {
        this.stmts.insertScale.run(
          id,
          "section",
          x.ratingScales.stock || x.ratingScales.industry ? 1 : 0,
          null,
          null,
          null,
          null,
          "{}",
          "[]",
          x.ratingScales.raw,
          null,
        );
      }
      for (const scale of [x.ratingScales.stock, x.ratingScales.industry]) {
        if (scale) this.insertScale(id, scale);
      }
      for (const p of x.picks) this.insertPick(id, p);
      return id;
    })();
  }

  get(id: number): ReportRow | null {
    const row = this.stmts.get.get(id) as RawReportRow | undefined;
    return row ? parseReportRow(row) : null;
  }

  text(id: number): string | null {
    return (this.stmts.text.get(id) as string | undefined) ?? null;
  }

  analysts(id: number): Analyst[] {
    return this.stmts.analysts.all(id) as Analyst[];
  }

  scales(id: number): StoredScales {
    const rows = this.stmts.scales.all(id) as RawScaleRow[];
    const out: StoredScales = { found: false, stock: null, industry: null, raw: null };
    for (const r of rows) {
      out.found = true;
      if (r.kind === "section") out.raw = r.raw;
      else out[r.kind] = parseScaleRow({ ...r, kind: r.kind });
    }
    return out;
  }

  picks(id: number): StoredPick[] {
    return (this.stmts.picks.all(id) as RawPickRow[]).map(parsePickRow);
  }

  private upsertBroker(b: BrokerRef): void {
    this.stmts.upsertBroker.run(b.id, b.name, b.en, b.firm);
  }

  private insertScale(reportId: number, s: RatingScale): void {
    this.stmts.insertScale.run(
      reportId,
      s.kind,
      s.parsed ? 1 : 0,
      s.relativeTo,
      s.qualitative ? 1 : 0,
      s.horizonMonths?.min ?? null,
      s.horizonMonths?.max ?? null,
      JSON.stringify(s.benchmarks),
      JSON.stringify(s.labels),
      s.raw,
      s.parsed ? null : (s.unparsedReason ?? null),
    );
  }

  private insertPick(reportId: number, p: ResolvedPick): void {
    const r = p.resolution;
    if (r.status === "resolved") this.securities.ensure(r.security);
    this.stmts.insertPick.run(
      reportId,
      p.name,
      p.printedCode,
      r.status === "resolved" ? r.security.symbol : null,
      r.status,
      p.stance,
      p.rating,
      p.ratingAction,
      p.targetPrice?.value ?? null,
      p.targetPrice?.currency ?? null,
      p.targetPrice?.evidence ?? null,
      p.span.start,
      p.span.end,
      p.evidence,
    );
  }
}

function parseReportRow(row: RawReportRow): ReportRow {
  return {
    ...row,
    brokerEvidence: JSON.parse(row.brokerEvidence) as string[],
    warnings: JSON.parse(row.warnings) as string[],
  };
}

function parsePickRow(row: RawPickRow): StoredPick {
  const { targetPrice, targetCurrency, targetEvidence, ...rest } = row;
  return { ...rest, targetPrice: targetPriceOf(targetPrice, targetCurrency, targetEvidence) };
}

/** A stored target price from its columns; null when none was stored. */
export function targetPriceOf(
  value: number | null,
  currency: Currency | null,
  evidence: string | null,
): TargetPrice | null {
  return value === null ? null : { value, currency, evidence: evidence ?? "" };
}

export function parseScaleRow(r: RawScaleRow & { kind: "stock" | "industry" }): RatingScale {
  return {
    kind: r.kind,
    parsed: r.parsed === 1,
    relativeTo: r.relativeTo ?? "market",
    qualitative: r.qualitative === 1,
    labels: JSON.parse(r.labels) as RatingScale["labels"],
    horizonMonths: r.horizonMin !== null && r.horizonMax !== null ? { min: r.horizonMin, max: r.horizonMax } : null,
    benchmarks: JSON.parse(r.benchmarks) as RatingScale["benchmarks"],
    raw: r.raw,
    ...(r.unparsedReason === "truncated" || r.unparsedReason === "unreadable"
      ? { unparsedReason: r.unparsedReason }
      : {}),
  };
}

export type { RawScaleRow };
