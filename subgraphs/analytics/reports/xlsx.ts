import ExcelJS from 'exceljs';
import { minorUnitDigits } from '../../../common/money/money.ts';
import { columnsOf, displayValue, MONEY_METRICS } from './report-cells.ts';
import type { ReportTable } from './report-table.ts';

const moneyFormat = (digits: number) => (digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`);

/** A workbook with one sheet: a heading row, then numbers as numbers (money in its currency's decimals). */
export async function renderXlsx(table: ReportTable, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = title;
  const sheet = workbook.addWorksheet('Report');
  sheet.addRow(columnsOf(table)).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow([
      row.period,
      row.storeId,
      row.currency,
      ...table.metrics.map((metric, index) => displayValue(metric, row, row.values[index]!)),
    ]);
    table.metrics.forEach((metric, index) => {
      added.getCell(4 + index).numFmt = MONEY_METRICS.has(metric) ? moneyFormat(minorUnitDigits(row.currency)) : '0';
    });
  }
  sheet.columns.forEach((column, index) => (column.width = index === 1 ? 38 : 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
