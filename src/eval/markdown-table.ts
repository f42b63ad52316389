/** One cell of a table: text as is, numbers as fractions with three decimals. */
export type TableCell = string | number;

/** Formats a fraction (or any number) with three decimals; integers stay whole. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function escapeCell(cell: TableCell): string {
  const text = typeof cell === 'number' ? formatNumber(cell) : cell;
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavoured Markdown table: a header row, a separator, one line per row. */
export function markdownTable(headers: string[], rows: TableCell[][]): string {
  const line = (cells: TableCell[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
