/** Money with two decimals and thousands separators. */
export function money(n: number): string {
  const v = Math.abs(n) < 0.005 ? 0 : n;
  return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A quantity with up to three decimals. */
export function quantity(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** A unit price with as many decimals as it needs (prices go down to 0.0000166667). */
export function unitPrice(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 10, minimumFractionDigits: 2 });
}

/** Left-aligned text columns; numeric columns (by index) right-aligned. */
export function columns(rows: string[][], numeric: number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  }
  return rows.map((row) => row.map((cell, i) => (numeric.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

/** Escapes a Markdown table cell. */
export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}
