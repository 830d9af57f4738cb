import { constants, createDeflateRaw, deflateRawSync } from "node:zlib";

/**
 * Hostile PDFs made on the spot, so no large file is committed: a small hand-written PDF writer
 * (objects, a cross-reference table, a trailer) and two bombs built with it.
 */

/** A PDF of the given objects (object n is objects[n - 1]); object 1 is the catalog. */
function writePdf(objects: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(obj);
    at += obj.length;
  }
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    "0000000000 65535 f \n",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
  ].join("");
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}

const dict = (s: string) => Buffer.from(s, "latin1");

function stream(extra: string, data: Buffer): Buffer {
  return Buffer.concat([dict(`<< ${extra} /Length ${data.length} >>\nstream\n`), data, dict("\nendstream")]);
}

/**
 * A one-page PDF whose content stream is `inflatedMb` MB of blank space, deflated to about a
 * thousandth of that (1024 MB inflate from about 1 MB), then a line of text.
 */
export async function deflateBomb(inflatedMb: number): Promise<Buffer> {
  // Deflate's blocks are byte-aligned after a sync flush, and once the window is all spaces a
  // megabyte of spaces deflates to the same bytes every time: those bytes are repeated.
  const mb = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const flushed = async () => {
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(out.splice(0));
  };
  deflate.write(mb);
  const first = await flushed();
  deflate.write(mb);
  const next = await flushed();
  deflate.close();
  // A last block of its own, marked final; the Adler-32 checksum is left zero (readers that
  // check it see a damaged stream only after inflating it all).
  const text = deflateRawSync(dict("BT /F1 12 Tf 72 720 Td (Rating: Buy) Tj ET\n"));
  const zlibStream = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    first,
    ...Array<Buffer>(Math.max(0, inflatedMb - 1)).fill(next),
    text,
    Buffer.alloc(4),
  ]);
  return writePdf([
    dict("<< /Type /Catalog /Pages 2 0 R >>"),
    dict("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    dict(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    ),
    stream("/Filter /FlateDecode", zlibStream),
    dict("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ]);
}

/** A PDF of `count` empty pages sharing one empty content stream (20,000 pages are 2.4 MB). */
export function manyPages(count: number): Buffer {
  const first = 4;
  const kids = Array.from({ length: count }, (_, i) => `${first + i} 0 R`).join(" ");
  const pages = Array.from({ length: count }, () =>
    dict("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"),
  );
  return writePdf([
    dict("<< /Type /Catalog /Pages 2 0 R >>"),
    dict(`<< /Type /Pages /Kids [${kids}] /Count ${count} >>`),
    stream("", dict("")),
    ...pages,
  ]);
}
