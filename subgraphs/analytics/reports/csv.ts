import { columnsOf, displayText } from './report-cells.ts';
import type { ReportTable } from './report-table.ts';

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const line = (values: string[]) => `${values.map(field).join(',')}\r\n`;

export function renderCsv(table: ReportTable): Buffer {
  const rows = table.rows.map((row) =>
    line([
      row.period,
      row.storeId,
      row.currency,
      ...table.metrics.map((metric, index) => displayText(metric, row, row.values[index]!)),
    ]),
  );
  return Buffer.from(line(columnsOf(table)) + rows.join(''), 'utf8');
}
