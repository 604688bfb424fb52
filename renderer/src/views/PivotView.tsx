/**
 * 透视: pick row and column dimensions and several measures; DuckDB computes the cells
 * with GROUPING SETS (from the summaries where it can), and AG Grid community shows them
 * as flat columns under header groups, with subtotals that collapse.
 */
import { scopeLabel } from '../../../shared/filter.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ColGroupDef, GridApi, RowClassParams } from 'ag-grid-community';
import { allMeasures, measureId, measureLabel, type MeasureSpec } from '../../../shared/analysis/measures.ts';
import { dimLabel, shapePivot, type PivotColumnDef, type PivotConfig, type PivotTable, type PivotTableRow } from '../../../shared/analysis/pivot.ts';
import { formatMeasureValue } from '../../../shared/format.ts';
import { pivotToCsv, pivotToXlsx, type ExcelJSLike } from '../../../shared/analysis/pivot-export.ts';
import { pivotChangeNote } from '../../../shared/analysis/pivot-comparable.ts';
import { periodLabel } from '../../../shared/period.ts';
import { pivotOwnsTime, resolvePivot, resolvePivotComparison } from '../../../shared/views/pivot.ts';
import { gridLocale, gridTheme } from '../components/Grid.tsx';
import { EmptyState, ErrorState, Spinner } from '../components/States.tsx';
import { useAnalysis } from '../data/useQuery.ts';
import { downloadBytes, downloadText } from '../import/download.ts';
import { useFilter } from '../state/filter-store.ts';
import { notify } from '../state/toast.ts';
import { pivotStore, setPivotConfig, setPivotCurrent, usePivotState } from '../state/pivot-store.ts';
import { storeViews, uniqueName, useSavedViews, type SavedView } from './pivot/saved-views.ts';
import { BUILTIN_VIEWS, type BuiltinView } from '../../../shared/analysis/pivot/builtin-views.ts';
import { copyText, toTsv } from './pivot/tsv.ts';
import { groupHeaderText } from './pivot/headers.ts';
import { ExtraMeasurePicker, FieldWells } from './pivot/FieldWells.tsx';
import { AddToBriefing } from './briefing/AddToBriefing.tsx';
import './pivot/pivot.css';

/** Whether time is a dimension or a filter of the pivot (the global period then does not apply). */
const byTime = pivotOwnsTime;

export { DEFAULT_PIVOT } from '../state/pivot-store.ts';


export function PivotView() {
  const filter = useFilter();
  const loaded = useLoadedCounties();
  // The pivot lives in its store, not here: it survives leaving 透视, and 加入简报 takes it as shown.
  const { config, current } = usePivotState();
  const setConfig = setPivotConfig;
  const setCurrent = setPivotCurrent;
  const views = useSavedViews();
  const query = useMemo(() => {
    try {
      return resolvePivot(config, filter);
    } catch (e) {
      return e as Error;
    }
  }, [config, filter]);
  const ok = !(query instanceof Error);
  const { data, error, slow } = useAnalysis(ok ? query : null);
  const table = useMemo(() => (data ? shapePivot(data) : null), [data]);
  // Change measures (升星单位数 …): how many units had no previous rating, for the footnote.
  const comparisonQuery = useMemo(() => {
    if (!ok) return null;
    try {
      return resolvePivotComparison(config, filter);
    } catch {
      return null;
    }
  }, [ok, config, filter]);
  const comparison = useAnalysis(comparisonQuery).data;
  const footnote = table && comparison && comparisonQuery ? pivotChangeNote(comparison, table) : '';
  const title = `${filter.period && !byTime(config) ? periodLabel(filter.period) : '各期'}${scopeLabel(filter, loaded)}透视表`;

  const saveViews = (next: SavedView[]) => {
    storeViews(next);
  };

  return (
    <div className="pivot-view">
      <aside className="pivot-config" aria-label="透视设置">
        <FieldWells config={config} onChange={setConfig} />
        <MeasurePicker measures={config.measures} onChange={(measures) => setConfig({ ...config, measures })} />
        <ExtraMeasurePicker config={config} onChange={setConfig} />
        <label className="pivot-field">
          口径
          <select aria-label="期次口径" value={config.cadence ?? 'all'} onChange={(e) => setConfig({ ...config, cadence: e.target.value as PivotConfig['cadence'] })}>
            <option value="all">全部评定</option>
            <option value="quarter">仅季度评定</option>
            <option value="year">按年度（取年度或第四季度）</option>
          </select>
        </label>
        <SortPicker config={config} table={table} onChange={(sort) => setConfig({ ...config, sort })} />
        <SavedViews
          views={views}
          current={current}
          onOpen={(v) => { setConfig(v.config); setCurrent(v.name); }}
          onOpenBuiltin={(v) => {
            setConfig(structuredClone(v.config) as PivotConfig);
            setCurrent('');
            notify(`已打开“${v.name}”：${v.note}`);
          }}
          onSave={(name) => {
            const n = name.trim() || uniqueName('透视视图', views);
            saveViews([...views.filter((v) => v.name !== n), { name: n, config }]);
            setCurrent(n);
            notify(`已保存视图“${n}”`);
          }}
          onDuplicate={() => {
            const n = uniqueName(`${current || '透视视图'} 副本`, views);
            saveViews([...views, { name: n, config: structuredClone(config) }]);
            setCurrent(n);
          }}
          onDelete={(name) => { saveViews(views.filter((v) => v.name !== name)); setCurrent(''); }}
        />
      </aside>
      <section className="pivot-main">
        <div className="pivot-toolbar">
          <h2 className="view-title">{title}</h2>
          <span className="muted small" data-testid="pivot-source">
            {ok && (query.source === 'summary' ? '由导入时生成的汇总表计算' : '由逐条评定记录计算')}
          </span>
          <span className="spacer" />
          {table && <ExportButtons table={table} title={title} />}
          <AddToBriefing spec={() => ({ kind: 'pivot', pivot: structuredClone(pivotStore.get().config) })} testId="add-pivot" />
        </div>
        {query instanceof Error ? <ErrorState title="透视设置有误" error={query} />
          : error ? <ErrorState title="透视查询失败" error={error} />
          : !table ? (slow ? <Spinner text="正在计算透视表…" /> : null)
          : table.rows.length === 0 ? <EmptyState title="没有符合条件的数据">请调整筛选条件或透视维度。</EmptyState>
          : <PivotGrid table={table} />}
        {table && footnote && <p className="muted small pivot-footnote" data-testid="pivot-footnote">注：{footnote}</p>}
      </section>
    </div>
  );
}

function MeasurePicker({ measures, onChange }: { measures: MeasureSpec[]; onChange: (m: MeasureSpec[]) => void }) {
  const all = useMemo(() => allMeasures(), []);
  const chosen = new Set(measures.map(measureId));
  return (
    <div className="pivot-field">
      <span className="pivot-field-label">指标（可多选）</span>
      <div className="measure-list" role="group" aria-label="指标">
        {all.map((m) => (
          <label key={measureId(m)}>
            <input type="checkbox" checked={chosen.has(measureId(m))}
              onChange={(e) => onChange(e.target.checked ? [...measures, m] : measures.filter((x) => measureId(x) !== measureId(m)))} />
            {measureLabel(m)}
          </label>
        ))}
      </div>
    </div>
  );
}

function SortPicker({ config, table, onChange }: { config: PivotConfig; table: PivotTable | null; onChange: (s: PivotConfig['sort']) => void }) {
  const options = table?.valueColumns ?? [];
  const value = config.sort && 'value' in config.sort ? `${config.sort.value}:${config.sort.desc ? 'desc' : 'asc'}` : '';
  return (
    <label className="pivot-field">
      排序
      <select aria-label="排序" value={value} onChange={(e) => {
        if (!e.target.value) return onChange(undefined);
        const [key, dir] = e.target.value.split(':');
        onChange({ value: key, desc: dir === 'desc' });
      }}>
        <option value="">按行维度顺序</option>
        {options.flatMap((c) => [
          <option key={`${c.key}:desc`} value={`${c.key}:desc`}>{c.label} 从高到低</option>,
          <option key={`${c.key}:asc`} value={`${c.key}:asc`}>{c.label} 从低到高</option>,
        ])}
      </select>
    </label>
  );
}

/** Built-in views sit in the same list; their option values carry this prefix so a saved view may share the name. */
const BUILTIN_PREFIX = '\u0000builtin:';

function SavedViews(props: {
  views: SavedView[]; current: string; onOpen: (v: SavedView) => void; onOpenBuiltin: (v: BuiltinView) => void; onSave: (name: string) => void;
  onDuplicate: () => void; onDelete: (name: string) => void;
}) {
  const [name, setName] = useState('');
  return (
    <div className="pivot-field saved-views">
      <span className="pivot-field-label">视图</span>
      <select aria-label="打开视图" value={props.current} onChange={(e) => {
        const builtin = BUILTIN_VIEWS.find((x) => `${BUILTIN_PREFIX}${x.name}` === e.target.value);
        if (builtin) return props.onOpenBuiltin(builtin);
        const v = props.views.find((x) => x.name === e.target.value);
        if (v) props.onOpen(v);
      }}>
        <option value="">{props.views.length ? '打开已保存的视图…' : '打开视图…'}</option>
        <optgroup label="常用">
          {BUILTIN_VIEWS.map((v) => <option key={v.name} value={`${BUILTIN_PREFIX}${v.name}`} title={v.note}>{v.name}</option>)}
        </optgroup>
        {props.views.length > 0 && (
          <optgroup label="已保存">
            {props.views.map((v) => <option key={v.name} value={v.name}>{v.name}</option>)}
          </optgroup>
        )}
      </select>
      <div className="saved-actions">
        <input aria-label="视图名称" placeholder="视图名称" value={name} onChange={(e) => setName(e.target.value)} />
        <button onClick={() => { props.onSave(name || props.current); setName(''); }}>保存</button>
        <button onClick={props.onDuplicate}>复制</button>
        {props.current && <button onClick={() => props.onDelete(props.current)}>删除</button>}
      </div>
    </div>
  );
}

function ExportButtons({ table, title }: { table: PivotTable; title: string }) {
  return (
    <span className="pivot-export">
      <button onClick={() => copyText(toTsv(tableMatrix(table))) && notify('已复制整张表，可直接粘贴到 Excel/WPS')}>复制表格</button>
      <button onClick={() => downloadText(`${title}.csv`, pivotToCsv(table, title), 'text/csv')}>导出CSV</button>
      <button data-testid="pivot-export-xlsx" onClick={async () => {
        const mod = (await import('exceljs')) as unknown as { default?: ExcelJSLike } & ExcelJSLike;
        const bytes = await pivotToXlsx(table, title, mod.default ?? mod);
        downloadBytes(`${title}.xlsx`, bytes as BlobPart, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      }}>导出Excel</button>
    </span>
  );
}

/** Header labels and formatted cells, as shown. */
function tableMatrix(table: PivotTable, rows: PivotTableRow[] = table.rows): Array<Array<string | number | null>> {
  const head = table.leaves.length ? [...leafDimHeaders(table), ...table.leaves.map((l) => leafTitle(table, l.colId))] : [];
  return [head, ...rows.map((r) => [
    ...table.rowDims.map((_, i) => r.cells[`r${i}`] ?? ''),
    ...table.leaves.map((l) => cellText(r.cells[l.colId], l.format)),
  ])];
}

/** A value cell as shown: the number formatted, or a change column's 无可比数据 as it is. */
function cellText(v: string | number | null | undefined, format: PivotTable['leaves'][number]['format']): string {
  return typeof v === 'string' ? v : formatMeasureValue(format ?? 'count', v ?? null, { empty: '' });
}

function leafDimHeaders(table: PivotTable): string[] {
  return table.rowDims.map((d) => dimLabel(d));
}

/** "城关镇 / 三星以上占比" for a leaf under column groups. */
function leafTitle(table: PivotTable, colId: string): string {
  const path: string[] = [];
  const find = (defs: PivotColumnDef[], trail: string[]): boolean => defs.some((d) => ('children' in d
    ? find(d.children, [...trail, d.headerName])
    : d.colId === colId && (path.push(...trail, d.headerName), true)));
  find(table.columnDefs, []);
  return path.join(' / ');
}

function toColDefs(defs: PivotColumnDef[]): Array<ColDef<PivotTableRow> | ColGroupDef<PivotTableRow>> {
  return defs.map((d) => {
    if ('children' in d) {
      const shown = groupHeaderText(d.dim, d.headerName);
      return {
        headerName: shown, groupId: d.groupId, marryChildren: true, children: toColDefs(d.children),
        ...(shown !== d.headerName ? { headerTooltip: d.headerName } : {}),
      };
    }
    if (d.role === 'dim') {
      return {
        colId: d.colId, headerName: d.headerName, pinned: 'left', width: 130,
        valueGetter: (p) => p.data?.cells[d.colId] ?? '',
      };
    }
    return {
      colId: d.colId, headerName: d.headerName, type: 'rightAligned', width: d.headerName.length > 6 ? 130 : 100,
      valueGetter: (p) => p.data?.cells[d.colId] ?? null,
      valueFormatter: (p) => cellText(p.value as string | number | null, d.format),
      // A change column's 无可比数据 (shapePivot) is muted: no value, not a low one.
      cellClass: (p) => [d.isTotal ? 'cell-total' : '', typeof p.value === 'string' ? 'cell-no-comparable' : ''].filter(Boolean).join(' ') || undefined,
    };
  });
}

function PivotGrid({ table }: { table: PivotTable }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const api = useRef<GridApi<PivotTableRow> | null>(null);
  const hasChildren = useMemo(() => new Set(table.rows.map((r) => r.parentId).filter((x): x is string => x != null)), [table]);
  const byId = useMemo(() => new Map(table.rows.map((r) => [r.id, r])), [table]);
  const visible = useMemo(() => table.rows.filter((r) => {
    for (let p = r.parentId; p != null; p = byId.get(p)?.parentId ?? null) if (collapsed.has(p)) return false;
    return true;
  }), [table, collapsed, byId]);

  const columnDefs = useMemo(() => {
    const toggle: ColDef<PivotTableRow> = {
      colId: 'toggle', headerName: '', width: 44, pinned: 'left', sortable: false, resizable: false,
      cellRenderer: (p: { data?: PivotTableRow }) => p.data && hasChildren.has(p.data.id) ? (
        <button className="tree-toggle" aria-label={collapsed.has(p.data.id) ? '展开' : '折叠'}
          onClick={() => setCollapsed((s) => { const n = new Set(s); if (n.has(p.data!.id)) n.delete(p.data!.id); else n.add(p.data!.id); return n; })}>
          {collapsed.has(p.data.id) ? '▸' : '▾'}
        </button>
      ) : null,
    };
    return table.rowDims.length > 1 ? [toggle, ...toColDefs(table.columnDefs)] : toColDefs(table.columnDefs);
  }, [table, hasChildren, collapsed]);

  // Ctrl+C copies the selected rows (or the whole table when none is selected) as TSV.
  const onCopy = useCallback((e: React.ClipboardEvent) => {
    const selected = api.current?.getSelectedRows() ?? [];
    e.clipboardData.setData('text/plain', toTsv(tableMatrix(table, selected.length ? selected : visible)));
    e.preventDefault();
    notify(selected.length ? `已复制 ${selected.length} 行` : '已复制整张表');
  }, [table, visible]);

  useEffect(() => setCollapsed(new Set()), [table]);

  return (
    <div className="grid-wrap pivot-grid" data-testid="pivot-grid" onCopy={onCopy} tabIndex={-1}>
      <AgGridReact<PivotTableRow>
        theme={gridTheme}
        localeText={gridLocale}
        columnDefs={columnDefs}
        rowData={visible}
        getRowId={(p) => p.data.id}
        defaultColDef={{ sortable: false, resizable: true }}
        rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
        getRowClass={(p: RowClassParams<PivotTableRow>) => (p.data?.kind === 'total' ? 'row-total' : p.data?.kind === 'subtotal' ? 'row-subtotal' : undefined)}
        onGridReady={(e) => { api.current = e.api; }}
      />
    </div>
  );
}
