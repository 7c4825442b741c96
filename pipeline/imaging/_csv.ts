/**
 * A small RFC 4180 CSV parser (private to `pipeline/imaging/`): quoted fields, doubled quotes,
 * CRLF or LF, a UTF-8 BOM, blank lines skipped.
 *
 * @module
 */

/**
 * Parses CSV text into rows of fields.
 *
 * @param text file contents
 * @returns rows, each a list of fields (not trimmed)
 * @throws {Error} on an unterminated quoted field
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let n = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    field = "";
  };
  for (; n < text.length; n++) {
    const ch = text[n]!;
    if (quoted) {
      if (ch === '"' && text[n + 1] === '"') field += '"', n++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") row.push(field), field = "";
    else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
  }
  if (quoted) throw new Error("a quoted field is not closed");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
