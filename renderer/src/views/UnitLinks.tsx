/**
 * 单位关联 on the 数据 screen: the links that make renamed units one unit (from the import
 * dialog or made here), each can be split again; and 合并为同一单位 for two units the
 * suggestions missed. Every change is undoable with Ctrl+Z until the workspace is saved.
 */
import { useState } from 'react';
import {
  LINK_ROWS_QUERY, LinkError, SAME_NAME_MARK, mergeUnits, reinsertLinks, removeTownshipLink, restoreLinks, splitUnit, type LinkRow,
} from '../../../shared/identity/index.ts';
import type { UnitRef } from '../../../shared/analysis/ranking.ts';
import { useCoordinator } from '../data/context.ts';
import { useAnalysis } from '../data/useQuery.ts';
import { notify } from '../state/toast.ts';
import { undoStore } from '../state/undo.ts';
import { UnitPicker } from './compare/UnitPicker.tsx';

export function UnitLinks() {
  const coordinator = useCoordinator();
  const { data } = useAnalysis(LINK_ROWS_QUERY);
  const [open, setOpen] = useState(false);
  const [pair, setPair] = useState<UnitRef[]>([]);
  const links = data ?? [];
  // Same-name links are made without asking: listed apart, so renames and 村改居 stand out.
  const automatic = links.filter((l) => l.reason?.endsWith(SAME_NAME_MARK));
  const confirmed = links.filter((l) => !l.reason?.endsWith(SAME_NAME_MARK));

  async function split(l: LinkRow) {
    if (l.link_kind === 'township') {
      const removed = await coordinator.mutate((db) => removeTownshipLink(db, l.from_id, l.county));
      undoStore.push({ label: `撤销拆分“${l.from_label}”`, run: () => coordinator.mutate((db) => reinsertLinks(db, removed)) });
    } else {
      const removed = await coordinator.mutate((db) => splitUnit(db, [l.from_id]));
      undoStore.push({ label: `撤销拆分“${l.from_label}”`, run: () => coordinator.mutate((db) => restoreLinks(db, [l.from_id], removed)) });
    }
    notify(`已拆分：“${l.from_label}”不再按“${l.to_label}”统计。按 Ctrl+Z 可撤销。`);
  }

  async function merge() {
    const [from, to] = pair;
    if (!from || !to) return;
    try {
      const r = await coordinator.mutate((db) => mergeUnits(db, from.unitId, to.unitId));
      undoStore.push({
        label: `撤销合并“${from.name}”`,
        run: () => coordinator.mutate((db) => restoreLinks(db, r.fromIds, r.previous)),
      });
      setPair([]);
      notify(`已合并：“${from.township} ${from.name}”的评定记录今后按“${to.township} ${to.name}”统计。按 Ctrl+Z 可撤销。`);
    } catch (e) {
      if (e instanceof LinkError) notify(e.message, 'error', 8000);
      else throw e;
    }
  }

  return (
    <details className="unit-links" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="unit-links">
      <summary>单位关联（{links.length}）<span className="muted small">：更名、撤乡设镇、村改居后按同一单位统计的记录</span></summary>
      {links.length === 0 ? (
        <p className="muted small">还没有关联。导入时发现的可能是同一单位的记录会在导入对话框中列出；也可以在下面手动合并。</p>
      ) : (
        <>
          <LinkTable links={confirmed} split={split} />
          {automatic.length > 0 && (
            <details className="auto-links">
              <summary>另有 {automatic.length} 个同乡镇同名单位自动按同一单位统计（一份文件有行政区划代码或县名，另一份没有）</summary>
              <LinkTable links={automatic} split={split} />
            </details>
          )}
        </>
      )}
      <div className="merge-units">
        <span>合并为同一单位：</span>
        <UnitPicker
          units={pair}
          onAdd={(u) => setPair((p) => (p.length >= 2 ? p : [...p, u]))}
          onRemove={(id) => setPair((p) => p.filter((u) => u.unitId !== id))}
          labelOf={(u) => `${u.township} ${u.name}`}
        />
        <button disabled={pair.length !== 2} onClick={() => void merge()} data-testid="merge-units">
          {pair.length === 2 ? `把“${pair[0].name}”并入“${pair[1].name}”` : '选择两个单位（先选被并入的）'}
        </button>
      </div>
    </details>
  );
}

function LinkTable({ links, split }: { links: LinkRow[]; split: (l: LinkRow) => Promise<void> }) {
  if (links.length === 0) return null;
  return (
    <table className="mini-table">
      <thead><tr><th>原单位（文件中的名称）</th><th>现按</th><th>依据</th><th>评定记录</th><th /></tr></thead>
      <tbody>
        {links.map((l) => (
          <tr key={`${l.link_kind}:${l.county ?? ''}:${l.from_id}`} data-testid="unit-link">
            <td>{l.link_kind === 'township' ? `乡镇：${l.from_label}` : l.from_label}</td>
            <td>{l.to_label}</td>
            <td>{l.reason ?? ''}</td>
            <td className="num">{l.link_kind === 'township' ? '—' : `${l.ratings} 条`}</td>
            <td><button className="link" onClick={() => void split(l)}>拆分</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
