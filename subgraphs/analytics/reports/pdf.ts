import PDFDocument from 'pdfkit';
import type { KpiMetric } from '../timeseries.service.ts';
import { columnsOf, displayText, displayValue } from './report-cells.ts';
import type { ReportRow, ReportTable } from './report-table.ts';

const MARGIN = 50;
const ROW_HEIGHT = 14;
const CHART_HEIGHT = 160;
const LINE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** A4 pages: the title, the range, the table, then a line chart per metric with one line per store. */
export async function renderPdf(table: ReportTable, title: string): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));

  pdf.fontSize(18).text(title);
  pdf
    .fontSize(10)
    .text(`${table.range.from} to ${table.range.to} (${table.timeZone}), by ${table.granularity.toLowerCase()}`);
  pdf.moveDown();
  drawTable(pdf, table);
  for (const [index, metric] of table.metrics.entries()) drawChart(pdf, table, metric, index);
  pdf.end();
  return done;
}

function drawTable(pdf: PDFKit.PDFDocument, table: ReportTable): void {
  const columns = columnsOf(table);
  const width = (pdf.page.width - 2 * MARGIN) / columns.length;
  const cellsOf = (row: ReportRow) => [
    row.period,
    row.storeId.slice(0, 8),
    row.currency,
    ...table.metrics.map((metric, index) => displayText(metric, row, row.values[index]!)),
  ];
  const line = (cells: string[], bold: boolean) => {
    if (pdf.y + ROW_HEIGHT > pdf.page.height - MARGIN) pdf.addPage();
    const y = pdf.y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    cells.forEach((cell, index) => pdf.text(cell, MARGIN + index * width, y, { width: width - 4, lineBreak: false }));
    pdf.x = MARGIN;
    pdf.y = y + ROW_HEIGHT;
  };
  line(columns, true);
  for (const row of table.rows) line(cellsOf(row), false);
  pdf.font('Helvetica');
}

function drawChart(pdf: PDFKit.PDFDocument, table: ReportTable, metric: KpiMetric, index: number): void {
  if (pdf.y + CHART_HEIGHT + 40 > pdf.page.height - MARGIN) pdf.addPage();
  pdf.moveDown();
  pdf.fontSize(11).text(metric.toLowerCase().replace(/_/g, ' '), MARGIN);
  const top = pdf.y + 4;
  const left = MARGIN + 40;
  const width = pdf.page.width - left - MARGIN;
  const byStore = new Map<string, ReportRow[]>();
  for (const row of table.rows) byStore.set(row.storeId, [...(byStore.get(row.storeId) ?? []), row]);
  const valueOf = (row: ReportRow) => displayValue(metric, row, row.values[index]!);
  const highest = Math.max(1, ...table.rows.map(valueOf));
  const periods = Math.max(1, ...[...byStore.values()].map((rows) => rows.length));

  pdf.lineWidth(0.5).strokeColor('#888888');
  pdf
    .moveTo(left, top)
    .lineTo(left, top + CHART_HEIGHT)
    .lineTo(left + width, top + CHART_HEIGHT)
    .stroke();
  pdf.fontSize(7).fillColor('#444444');
  pdf.text(String(highest), MARGIN, top - 3, { width: 36, align: 'right' });
  pdf.text('0', MARGIN, top + CHART_HEIGHT - 3, { width: 36, align: 'right' });
  [...byStore.values()].forEach((rows, line) => {
    const x = (position: number) => left + (periods === 1 ? width / 2 : (position * width) / (periods - 1));
    const y = (row: ReportRow) => top + CHART_HEIGHT - (valueOf(row) / highest) * CHART_HEIGHT;
    pdf.lineWidth(1.2).strokeColor(LINE_COLOURS[line % LINE_COLOURS.length]!);
    rows.forEach((row, position) =>
      position === 0 ? pdf.moveTo(x(position), y(row)) : pdf.lineTo(x(position), y(row)),
    );
    pdf.stroke();
  });
  const first = table.rows[0]?.period ?? table.range.from;
  const last = table.rows.at(-1)?.period ?? table.range.to;
  pdf.text(first, left, top + CHART_HEIGHT + 3);
  pdf.text(last, left + width - 60, top + CHART_HEIGHT + 3, { width: 60, align: 'right' });
  pdf.fillColor('#000000').strokeColor('#000000');
  pdf.x = MARGIN;
  pdf.y = top + CHART_HEIGHT + 16;
}
