import type { Db } from "./database.js";

export type FileFormat = "text" | "pdf";

export interface IngestedFile {
  fileSha256: string;
  reportId: number;
  fileName: string | null;
  format: FileFormat;
  encoding: string;
  bytes: number;
  ingestedAt: string;
}

/** Which file bytes have already become which report. */
export class IngestedFilesRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      find: db.prepare(`SELECT f.file_sha256 AS fileSha256, f.report_id AS reportId, f.file_name AS fileName,
          f.format, f.encoding, f.bytes, f.ingested_at AS ingestedAt, r.text
        FROM ingested_files f JOIN reports r ON r.id = f.report_id WHERE f.file_sha256 = ?`),
      record: db.prepare(`INSERT INTO ingested_files (file_sha256, report_id, file_name, format, encoding, bytes,
          ingested_at) VALUES (@fileSha256, @reportId, @fileName, @format, @encoding, @bytes, @ingestedAt)
        ON CONFLICT (file_sha256) DO NOTHING`),
      count: db.prepare("SELECT COUNT(*) FROM ingested_files").pluck(),
    };
  }

  /** The file with these bytes, if one was ingested, with the text its report was read from. */
  find(fileSha256: string): (IngestedFile & { text: string }) | null {
    return (this.stmts.find.get(fileSha256) as (IngestedFile & { text: string }) | undefined) ?? null;
  }

  record(file: IngestedFile): void {
    this.stmts.record.run(file);
  }

  count(): number {
    return this.stmts.count.get() as number;
  }
}
