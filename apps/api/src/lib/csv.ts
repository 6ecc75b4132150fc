// CSV for people who open it in Excel: UTF-8 with a BOM (or Japanese turns to mojibake), RFC 4180
// quoting and CRLF line ends, and no cell that a spreadsheet would run as a formula.

const BOM = '\ufeff';
// OWASP "CSV injection": a cell starting with one of these is a formula (or becomes one).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole document: BOM, header row, data rows, each line ending in CRLF. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}
