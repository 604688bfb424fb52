/**
 * 导出Excel / 导出CSV on the 数据 toolbar: every row the grid shows under the global filter,
 * its column filters and its sort — not only the loaded page. DuckDB runs the grid's SQL
 * without paging (shared/data-export.ts fetchGridRows, through the coordinator); the sheet
 * and the CSV are written by shared/data-export.ts.
 */
import { useState, type RefObject } from 'react';
import type { GridApi } from 'ag-grid-community';
import { chineseDate, todayIso } from '../../../shared/briefing/model.ts';
import {
  dataExportTitle, dataToCsv, dataToXlsx, DataExportTooLargeError, describeGridQuery, fetchGridRows,
  type DataExcelJS, type DataExportFormat,
} from '../../../shared/data-export.ts';
import { issuingUnit } from '../../../shared/scope.ts';
import type { FilterModel, GridQuery, SortItem } from '../../../shared/sql/grid.ts';
import { useCoordinator } from '../data/context.ts';
import { FILE_TYPES, saveBytes, saveText } from '../platform/files.ts';
import { exportFileName } from '../import/download.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { notify } from '../state/toast.ts';

/** The grid's sort as the SQL builder takes it: sorted columns in their sort order. */
function sortModelOf(api: GridApi | null): SortItem[] {
  if (!api) return [];
  return api.getColumnState()
    .filter((c) => c.sort === 'asc' || c.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
}

export function DataExport({ api, filter, allPeriods }: {
  api: RefObject<GridApi<Record<string, unknown>> | null>;
  filter: GridQuery['filter'];
  allPeriods: boolean;
}) {
  const coordinator = useCoordinator();
  const loaded = useLoadedCounties();
  const [busy, setBusy] = useState<DataExportFormat | null>(null);

  const run = async (format: DataExportFormat) => {
    setBusy(format);
    try {
      const q: GridQuery = {
        filter, allPeriods,
        filterModel: (api.current?.getFilterModel() ?? {}) as FilterModel,
        sortModel: sortModelOf(api.current),
      };
      const rows = await fetchGridRows((sql) => coordinator.query(sql), q, format);
      const title = dataExportTitle(q, loaded);
      const meta = { title, unit: issuingUnit(loaded), date: chineseDate(todayIso()), scope: describeGridQuery(q) };
      const name = exportFileName(`${title}.${format}`, '评定明细');
      let saved;
      if (format === 'csv') saved = await saveText(name, dataToCsv(rows, meta), FILE_TYPES.csv);
      else {
        const mod = (await import('exceljs')) as unknown as { default?: DataExcelJS } & DataExcelJS;
        saved = await saveBytes(name, await dataToXlsx(rows, meta, mod.default ?? mod), FILE_TYPES.xlsx);
      }
      if (saved) notify(`已导出 ${saved.name}（${rows.length.toLocaleString('zh-CN')} 条评定记录）`);
    } catch (e) {
      const what = format === 'csv' ? '导出CSV' : '导出Excel';
      notify(e instanceof DataExportTooLargeError ? e.message : `${what}失败：${(e as Error).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <span className="data-export" style={{ marginLeft: 'auto', display: 'flex', gap: 8 }}>
      <button data-testid="data-export-xlsx" disabled={busy != null} onClick={() => run('xlsx')}
        title="导出表格中当前筛选、搜索和排序下的全部记录">{busy === 'xlsx' ? '正在导出…' : '导出Excel'}</button>
      <button data-testid="data-export-csv" disabled={busy != null} onClick={() => run('csv')}
        title="导出表格中当前筛选、搜索和排序下的全部记录">{busy === 'csv' ? '正在导出…' : '导出CSV'}</button>
    </span>
  );
}
