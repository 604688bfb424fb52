/**
 * The import report as CSV files people can open in Excel/WPS: every problem, and the
 * rejected rows exactly as the file had them (reasons first), so a township can fix and resend.
 */
import { toCsv } from '../csv-export.ts';
import type { RejectedRow } from './run.ts';
import type { Problem } from './types.ts';

export function problemsCsv(problems: Problem[]): string {
  return toCsv([
    ['文件', '工作表', '行', '列', '值', '级别', '代码', '说明'],
    ...problems.map((p) => [p.file, p.sheet, p.row, p.column, p.value, p.severity === 'error' ? '错误' : '警告', p.code, p.message]),
  ]);
}

export function rejectedRowsCsv(rows: RejectedRow[]): string {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  return toCsv([
    ['文件', '工作表', '行', '原因', ...Array.from({ length: width }, (_, i) => `第${i + 1}列`)],
    ...rows.map((r) => [r.file, r.sheet, r.row, r.reasons.join('；'), ...r.cells]),
  ]);
}
