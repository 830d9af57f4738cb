/**
 * A file name as it may be printed on a terminal or in a log line. File names may hold any byte
 * but "/" and NUL: a newline in a name would forge an output line, an ESC sequence would colour
 * or move the terminal's cursor, a bidi override would show the name's end reversed. Such
 * characters become visible escapes (`\n`, `\x1b`, `\u202e`); everything else is kept as it is,
 * Chinese included.
 */
export function printableName(name: string): string {
  let out = "";
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (isInvisibleControl(c)) out += `\\u${hex(c, 4)}`;
    else out += ch;
  }
  return out;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file name read from the disk as bytes: valid UTF-8 becomes text, each byte that is not part
 * of a UTF-8 character is shown as `\xNN` (the name cannot be shown as what it is). `null` for a
 * name that is valid UTF-8: then the caller has its text already.
 */
export function notUtf8Name(bytes: Uint8Array): string | null {
  try {
    strictUtf8.decode(bytes);
    return null;
  } catch {
    // Decoded below, byte by byte where needed.
  }
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const n = utf8Length(bytes, i);
    if (n === 0) {
      out += `\\x${hex(bytes[i] ?? 0, 2)}`;
      i++;
    } else {
      out += Buffer.from(bytes.subarray(i, i + n)).toString("utf8");
      i += n;
    }
  }
  return out;
}

/** C1 controls, bidi controls and marks, line and paragraph separators, lone surrogates. */
function isInvisibleControl(c: number): boolean {
  return (
    (c >= 0x80 && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    (c >= 0xd800 && c <= 0xdfff)
  );
}

/** The length of the well-formed UTF-8 character at `i`, or 0 when the byte there does not start one. */
function utf8Length(b: Uint8Array, i: number): number {
  const lead = b[i] ?? 0;
  const n =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
  if (n <= 1 || i + n > b.length) return n === 1 ? 1 : 0;
  try {
    strictUtf8.decode(b.subarray(i, i + n));
    return n;
  } catch {
    return 0;
  }
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}
