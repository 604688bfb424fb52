/**
 * 录入创建规划: a small grid to type (or correct) the plan of a year instead of importing a
 * sheet — one row per township in the township order, then 全县. Tab / Shift+Tab move across,
 * Enter moves down, Esc closes without saving; 保存 goes through the plan sheet's rules
 * (shared/plans/grid.ts) and onto the undo stack like an import.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { COUNTY_ROW, GRID_HEADER, gridPlan, planGrid, type GridRow } from '../../../../shared/plans/grid.ts';
import type { Plan } from '../../../../shared/plans/sheet.ts';
import { TOWNSHIPS_SQL } from '../../../../shared/sql/lists.ts';
import { useQuery } from '../../data/useQuery.ts';
import { putPlan } from '../../state/plans-store.ts';
import { notify } from '../../state/toast.ts';

export function PlanEditor({ year, plan, onClose }: { year: number; plan: Plan | null; onClose: () => void }) {
  const townships = useQuery(TOWNSHIPS_SQL, (rows) => rows.map((r) => String(r.township))).data;
  const initial = useMemo(() => (townships ? planGrid(plan, townships) : null), [plan, townships]);
  const [rows, setRows] = useState<GridRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const grid = rows ?? initial;
  if (!grid) return null;

  const set = (r: number, c: number, v: string) => {
    const next = grid.map((row) => [...row] as GridRow);
    next[r][c] = v;
    setRows(next);
  };
  const save = () => {
    try {
      const read = gridPlan(grid, year);
      putPlan(read, `${plan ? '修改' : '录入'}${year}年创建规划`);
      notify(`已保存${year}年创建规划（${read.townships.length}个乡镇），按 Ctrl+Z 撤销`);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>, r: number, c: number) => {
    if (e.key === 'Escape') { e.preventDefault(); onClose(); }
    if (e.key === 'Enter') {
      e.preventDefault();
      const below = document.querySelector<HTMLInputElement>(`[data-plan-cell="${r + 1}:${c}"]`);
      if (below) below.focus(); else save();
    }
  };
  return (
    <div className="plan-editor" data-testid="plan-editor" role="group" aria-label={`录入${year}年创建规划`}>
      <p className="muted small">个数写 1 或 1个，占比写 30%、0.3 或 30；空着的格不设目标。“全县”行只在全县另有目标时填写，不填时按各乡镇之和。</p>
      <table className="rk-table compact">
        <thead><tr>{GRID_HEADER.map((h) => <th key={h} className={h === GRID_HEADER[0] ? 'text' : 'num'}>{h}</th>)}</tr></thead>
        <tbody>
          {grid.map((row, r) => (
            <tr key={row[0]} className={row[0] === COUNTY_ROW ? 'total' : undefined}>
              <td className="text name">{row[0]}</td>
              {row.slice(1).map((v, i) => (
                <td key={i} className="num">
                  <input value={v} size={6} aria-label={`${row[0]}${GRID_HEADER[i + 1]}`} data-plan-cell={`${r}:${i + 1}`}
                    onChange={(e) => set(r, i + 1, e.target.value)} onKeyDown={(e) => onKey(e, r, i + 1)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="warn-text" role="alert" data-testid="plan-editor-error">{error}</p>}
      <div className="plan-editor-actions">
        <button type="button" className="primary" onClick={save} data-testid="plan-editor-save">保存规划</button>
        <button type="button" onClick={onClose}>取消</button>
      </div>
    </div>
  );
}
