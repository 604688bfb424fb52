/**
 * 数据: the loaded ratings in a virtualized grid. Rows are fetched page by page from
 * DuckDB (AG Grid's infinite row model), so sorting and filtering run in SQL and the
 * UI never holds all rows.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ColGroupDef, GridReadyEvent, IDatasource, GridApi } from 'ag-grid-community';
import { useEffect } from 'react';
import { formatMeasureValue } from '../../../shared/format.ts';
import { periodKey } from '../../../shared/period.ts';
import { gridCountSql, gridPageSql, type FilterModel, type GridQuery, type SortItem } from '../../../shared/sql/grid.ts';
import { KIND_NAMES, LEVEL_NAMES, STARS, type UnitKind } from '../../../shared/stars.ts';
import { gridLocale, gridTheme } from '../components/Grid.tsx';
import { useCoordinator } from '../data/context.ts';
import { useFilter } from '../state/filter-store.ts';
import { DatasetList } from './DatasetList.tsx';
import { UnitLinks } from './UnitLinks.tsx';
import { DataExport } from './DataExport.tsx';
import { TownshipOrder } from './data/TownshipOrder.tsx';

type Rating = Record<string, unknown>;

const starCell = (v: unknown) => (v == null ? '—' : v ? '★' : '☆');

const columnDefs: Array<ColDef<Rating> | ColGroupDef<Rating>> = [
  {
    headerName: '单位',
    children: [
      { field: 'township', headerName: '乡镇（街道）', width: 120, filter: 'agTextColumnFilter', pinned: 'left' },
      { field: 'name', headerName: '村（社区）', width: 130, filter: 'agTextColumnFilter', pinned: 'left' },
      { field: 'kind', headerName: '类型', width: 76, valueFormatter: (p) => KIND_NAMES[p.value as UnitKind] ?? String(p.value ?? '') },
      { colId: 'period', headerName: '期次', width: 90, valueGetter: (p) => (p.data ? periodKey({ year: Number(p.data.year), quarter: p.data.quarter == null ? null : Number(p.data.quarter) }) : '') },
    ],
  },
  {
    headerName: '五星评定',
    children: STARS.map((s): ColDef<Rating> => ({
      field: s.id, headerName: s.short, headerTooltip: s.name, width: 78,
      valueFormatter: (p) => starCell(p.value), cellClass: 'cell-star',
    })),
  },
  {
    headerName: '结果',
    children: [
      { field: 'level', headerName: '星级', width: 84, filter: 'agNumberColumnFilter', valueFormatter: (p) => LEVEL_NAMES[Number(p.value)] ?? '', cellClass: (p) => `cell-level level-${p.value}` },
      { field: 'target_level', headerName: '创建目标', width: 92, filter: 'agNumberColumnFilter', valueFormatter: (p) => (p.value == null ? '' : LEVEL_NAMES[Number(p.value)]) },
      { field: 'weak_branch', headerName: '软弱涣散', width: 92, valueFormatter: (p) => (p.value ? '是' : '') },
      { field: 'collective_income', headerName: '集体经济收入', width: 120, filter: 'agNumberColumnFilter', type: 'rightAligned', valueFormatter: (p) => formatMeasureValue('money', p.value == null ? null : Number(p.value), { empty: '', unit: true }) },
      { field: 'score', headerName: '观摩评分', width: 96, filter: 'agNumberColumnFilter', type: 'rightAligned', valueFormatter: (p) => formatMeasureValue('score', p.value == null ? null : Number(p.value), { empty: '' }) },
      { field: 'source_row', headerName: '来源', width: 200, filter: 'agTextColumnFilter' },
    ],
  },
];

export function DataView() {
  const coordinator = useCoordinator();
  const filter = useFilter();
  const [allPeriods, setAllPeriods] = useState(false);
  const [rowCount, setRowCount] = useState<number | null>(null);
  const api = useRef<GridApi<Rating> | null>(null);

  const datasource = useMemo<IDatasource>(() => ({
    getRows: (params) => {
      const q: GridQuery = {
        filter, allPeriods,
        filterModel: params.filterModel as FilterModel,
        sortModel: params.sortModel as SortItem[],
      };
      Promise.all([coordinator.query<{ n: number }>(gridCountSql(q)), coordinator.query(gridPageSql(q, params.startRow, params.endRow))])
        .then(([[{ n }], rows]) => {
          setRowCount(Number(n));
          params.successCallback(rows, Number(n));
        })
        .catch(() => params.failCallback());
    },
  }), [coordinator, filter, allPeriods]);

  useEffect(() => {
    api.current?.setGridOption('datasource', datasource);
  }, [datasource]);

  const onReady = useCallback((e: GridReadyEvent<Rating>) => {
    api.current = e.api;
  }, []);

  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, suppressHeaderMenuButton: false }), []);

  return (
    <div className="data-view">
      <DatasetList />
      <UnitLinks />
      <TownshipOrder />
      <div className="grid-toolbar">
        <label>
          <input type="checkbox" checked={allPeriods} onChange={(e) => setAllPeriods(e.target.checked)} /> 显示全部期次
        </label>
        <span className="muted" data-testid="grid-count">
          {rowCount == null ? '' : `共 ${rowCount.toLocaleString('zh-CN')} 条评定记录`}
        </span>
        {rowCount != null && rowCount > 0 && <DataExport api={api} filter={filter} allPeriods={allPeriods} />}
      </div>
      <div className="grid-wrap" data-testid="ratings-grid">
        <AgGridReact<Rating>
          theme={gridTheme}
          localeText={gridLocale}
          columnDefs={columnDefs}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={200}
          maxBlocksInCache={50}
          onGridReady={onReady}
          getRowId={(p) => `${p.data.unit_id}|${p.data.year}|${p.data.quarter}`}
        />
      </div>
    </div>
  );
}
