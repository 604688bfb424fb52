/**
 * The entry grid of a 观摩评比 round: one row per township or unit, one column per judge under
 * each component. Keyboard first, as in a spreadsheet: type a number, Enter moves down, Tab
 * moves right (and on to the next row). A score that is no number or above the component's
 * maximum is refused with a Chinese message naming contestant, judge and value. Every entry is
 * one step on the app's undo stack (Ctrl+Z).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, ColDef, ColGroupDef, GridApi, ICellRendererParams, ValueSetterParams } from 'ag-grid-community';
import { parseNumber } from '../../../../shared/import/values.ts';
import { reshape, scoreProblem, withScore, type SavedRound } from '../../../../shared/judge/round.ts';
import { gridLocale, gridTheme } from '../../components/Grid.tsx';
import { notify } from '../../state/toast.ts';
import { judgeStore, putRound } from './store.ts';

interface EntryRow {
  index: number;
  name: string;
  township: string | null;
  scores: Array<Array<number | null>>;
}

/** The round as stored now: keystrokes can outrun React, so setters never use a rendered copy. */
const latest = (round: SavedRound) => judgeStore.get().rounds.find((r) => r.id === round.id) ?? round;

const label = (r: { name: string; township: string | null }) => (r.township ? `${r.township}${r.name}` : r.name);

/** A typed score: 95, 92.5, "９５", "95分"; empty, "/" or "—" is no score. */
function parseScore(text: unknown): { ok: true; value: number | null } | { ok: false } {
  if (text == null) return { ok: true, value: null };
  const p = parseNumber(typeof text === 'number' ? text : String(text).trim());
  return p.ok ? { ok: true, value: p.value } : { ok: false };
}

// Module constants: a new defaultColDef object on each render would rebuild the columns and
// restart the editor of the cell being typed in.
const DEFAULT_COL: ColDef<EntryRow> = { sortable: false, resizable: true, suppressMovable: true };
const rowId = (p: { data: EntryRow }) => String(p.data.index);

export function EntryGrid({ round, flagged }: {
  round: SavedRound;
  /** "contestant:component:judge" of scores far from the other judges (shown in orange). */
  flagged: ReadonlySet<string>;
}) {
  const [error, setError] = useState<string | null>(null);
  // Row objects live as long as their row: a changed score is written into the object and the
  // cells are refreshed (below), so the grid never swaps the row under the cell being typed in.
  const cache = useRef(new Map<number, EntryRow>());
  const count = round.contestants.length;
  const rows = useMemo<EntryRow[]>(() => {
    const next = Array.from({ length: count }, (_, index) => cache.current.get(index) ?? { index, name: '', township: null, scores: [] });
    cache.current = new Map(next.map((r) => [r.index, r]));
    return next;
  }, [count]);
  rows.forEach((r, i) => {
    r.name = round.contestants[i].name;
    r.township = round.contestants[i].township;
    r.scores = round.scores[i];
  });
  const api = useRef<GridApi<EntryRow> | null>(null);
  useEffect(() => {
    // Cells whose value changed (an undo, a setting, a renamed row); the cell being edited is left alone.
    api.current?.refreshCells();
  }, [round]);

  // Cell classes read the flags of the moment; the rows refresh when their scores change.
  const flags = useRef(flagged);
  flags.current = flagged;
  // The columns change only with the round's shape: new column objects while a score is typed
  // would restart the editor and lose keystrokes. Setters read the round from the store.
  const shape = JSON.stringify([round.id, round.level, round.components, round.judges]);
  const columns = useMemo<Array<ColDef<EntryRow> | ColGroupDef<EntryRow>>>(() => {
    const refuse = (message: string) => {
      setError(message);
      notify(message, 'error', 8000);
    };
    const nameCol: ColDef<EntryRow> = {
      headerName: round.level === 'unit' ? '村（社区）' : '乡镇（街道）',
      colId: 'name',
      pinned: 'left',
      width: 150,
      editable: true,
      // Tab runs over the scores only: the names are typed in 添加, renamed with a double click.
      suppressNavigable: true,
      valueGetter: (p) => (p.data ? label(p.data) : ''),
      valueSetter: (p: ValueSetterParams<EntryRow>) => {
        const name = String(p.newValue ?? '').replace(/\s+/g, '').slice(0, 100);
        if (!p.data || !name || name === p.data.name) return false;
        const now = latest(round);
        const contestants = now.contestants.map((c, i) => (i === p.data!.index ? { ...c, name } : c));
        putRound(reshape(now, { contestants }, { contestants: contestants.map((_, i) => i) }), `改名 ${p.data.name} → ${name}`);
        return false;
      },
    };
    const scoreCol = (ci: number, ji: number): ColDef<EntryRow> => ({
      headerName: round.judges[ji],
      colId: `s_${ci}_${ji}`,
      width: 84,
      editable: true,
      type: 'rightAligned',
      cellClass: (p: CellClassParams<EntryRow>) => (p.data && flags.current.has(`${p.data.index}:${ci}:${ji}`) ? 'jd-cell-flag' : undefined),
      valueGetter: (p) => p.data?.scores[ci]?.[ji] ?? null,
      valueFormatter: (p) => (p.value == null ? '' : String(p.value)),
      valueSetter: (p: ValueSetterParams<EntryRow>) => {
        if (!p.data) return false;
        const who = `"${label(p.data)}"${round.components.length > 1 ? `的"${round.components[ci].name}"` : ''}`;
        const parsed = parseScore(p.newValue);
        if (!parsed.ok) {
          refuse(`${who}：${round.judges[ji]}的分数“${String(p.newValue).trim().slice(0, 20)}”不是数字，未录入。请输入 0 到 ${round.components[ci].max} 之间的分数。`);
          return false;
        }
        const now = latest(round);
        const problem = scoreProblem(now, p.data.index, ci, ji, parsed.value);
        if (problem) {
          refuse(problem);
          return false;
        }
        if (parsed.value === (now.scores[p.data.index]?.[ci]?.[ji] ?? null)) return false;
        setError(null);
        const what = parsed.value == null ? '清除' : '录入';
        const next = withScore(now, p.data.index, ci, ji, parsed.value);
        putRound(next, `${what} ${label(p.data)} ${round.judges[ji]} ${parsed.value ?? ''}`.trim());
        p.data.scores = next.scores[p.data.index];
        return true;
      },
    });
    const groups: Array<ColDef<EntryRow> | ColGroupDef<EntryRow>> = round.components.map((c, ci) => ({
      headerName: `${c.name}（满分${c.max}${c.weight != null ? `，权重${c.weight}` : ''}）`,
      groupId: `c_${ci}`,
      children: round.judges.map((_, ji) => scoreCol(ci, ji)),
    }));
    const remove: ColDef<EntryRow> = {
      headerName: '',
      colId: 'remove',
      width: 64,
      suppressNavigable: true,
      sortable: false,
      cellRenderer: (p: ICellRendererParams<EntryRow>) => p.data ? (
        <button type="button" className="link jd-remove" aria-label={`删除${label(p.data)}`} title="删除这一行（可撤销）" onClick={() => {
          const now = latest(round);
          const keep = now.contestants.map((_, i) => i).filter((i) => i !== p.data!.index);
          putRound(reshape(now, { contestants: keep.map((i) => now.contestants[i]) }, { contestants: keep }), `删除 ${label(p.data!)}`);
        }}>删除</button>
      ) : null,
    };
    return [nameCol, ...groups, remove];
    // `shape` covers what the columns show; the setters read the latest round themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  const height = Math.min(520, 70 + Math.max(1, rows.length) * 30);
  return (
    <div className="jd-entry">
      {error && <p className="jd-error" role="alert" data-testid="judge-entry-error">{error}</p>}
      <div className="jd-grid" style={{ height }} data-testid="judge-grid">
        <AgGridReact<EntryRow>
          theme={gridTheme}
          localeText={gridLocale}
          rowData={rows}
          columnDefs={columns}
          defaultColDef={DEFAULT_COL}
          getRowId={rowId}
          onGridReady={(e) => { api.current = e.api; }}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          stopEditingWhenCellsLoseFocus
          singleClickEdit={false}
          overlayNoRowsTemplate="还没有参评单位：在上方添加，或填入数据中的乡镇"
          animateRows={false}
        />
      </div>
    </div>
  );
}
