/**
 * 乡镇顺序 on the 数据 screen (issue #17): the townships in the order every table, chart and
 * export lists them — the analyst's chosen order, else the first imported 台账's — with ↑ / ↓
 * on each row (Alt+↑ / Alt+↓ on the selected row) and 按台账顺序 to drop the chosen order.
 * A move makes the whole list as shown the chosen order; each change is undone by Ctrl+Z.
 */
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { currentTownshipOrder, type TownshipKey } from '../../../../shared/analysis/township-order.ts';
import { townshipNames } from '../../../../shared/scope.ts';
import { useCoordinator } from '../../data/context.ts';
import { movedOrder, setTownshipOrder, useTownshipOrder } from '../../state/township-order-store.ts';
import { notify } from '../../state/toast.ts';
import './township-order.css';

const keyOf = (t: TownshipKey) => `${t.county ?? ''}\u0000${t.township}`;

export function TownshipOrder() {
  const coordinator = useCoordinator();
  const version = useSyncExternalStore((l) => coordinator.subscribe(l), () => coordinator.dataVersion);
  const { chosen } = useTownshipOrder();
  const [order, setOrder] = useState<TownshipKey[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const rows = useRef(new Map<string, HTMLLIElement>());
  const focusAfterMove = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    currentTownshipOrder(coordinator.db).then(
      (o) => live && setOrder(o),
      () => live && setOrder([]),
    );
    return () => { live = false; };
  }, [coordinator, version]);

  // A moved row keeps the keyboard focus (React moves its element, which drops focus).
  useEffect(() => {
    const key = focusAfterMove.current;
    if (!key) return;
    focusAfterMove.current = null;
    rows.current.get(key)?.focus();
  }, [order]);

  const list = order ?? [];
  const names = townshipNames(list);

  function move(index: number, delta: number) {
    const next = movedOrder(list, index, delta, chosen);
    if (!next) return;
    const name = names[index];
    const key = keyOf(list[index]);
    setSelected(key);
    focusAfterMove.current = key;
    // Shown at once; the engine's order follows (and the list is read again then).
    setOrder(next.slice(0, list.length));
    void setTownshipOrder(next, `调整乡镇顺序（${name}）`);
    notify(`已将“${name}”${delta < 0 ? '上移' : '下移'}。按 Ctrl+Z 撤销`);
  }

  function reset() {
    if (chosen.length === 0) return;
    void setTownshipOrder([], '恢复台账顺序');
    notify('乡镇已按台账顺序排列。按 Ctrl+Z 撤销');
  }

  function onKey(e: KeyboardEvent<HTMLLIElement>, index: number) {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const delta = e.key === 'ArrowUp' ? -1 : 1;
    if (e.altKey) {
      move(index, delta);
      return;
    }
    const to = list[index + delta];
    if (!to) return;
    setSelected(keyOf(to));
    rows.current.get(keyOf(to))?.focus();
  }

  return (
    <details className="township-order" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="township-order">
      <summary>
        乡镇顺序{order && order.length > 0 ? `（${order.length}个）` : ''}
        <span className="muted small">
          ：{chosen.length > 0 ? '已调整' : '按台账顺序'}
          {names.length > 0 ? `，${names.slice(0, 4).join('、')}${names.length > 4 ? '…' : ''}` : ''}
        </span>
      </summary>
      {order == null ? null : list.length === 0 ? (
        <p className="muted small" data-testid="township-order-empty">还没有乡镇。导入台账后，可以在这里调整乡镇的排列顺序（默认按第一次导入的台账中出现的顺序）。</p>
      ) : (
        <>
          <div className="township-order-bar">
            <span className="muted small">表格、图表和导出均按此顺序排列乡镇（排名仍按数值）。选中一行后按 Alt+↑ / Alt+↓ 移动。</span>
            <button onClick={reset} disabled={chosen.length === 0} title="取消调整，按第一次导入的台账中乡镇出现的顺序排列">按台账顺序</button>
          </div>
          <ol className="township-order-list" role="listbox" aria-label="乡镇顺序">
            {list.map((t, i) => {
              const key = keyOf(t);
              return (
                <li
                  key={key}
                  ref={(el) => { if (el) rows.current.set(key, el); else rows.current.delete(key); }}
                  role="option"
                  aria-selected={selected === key}
                  tabIndex={selected === key || (selected == null && i === 0) ? 0 : -1}
                  className={selected === key ? 'selected' : undefined}
                  onClick={() => setSelected(key)}
                  onFocus={() => setSelected(key)}
                  onKeyDown={(e) => onKey(e, i)}
                  data-testid="township-order-row"
                >
                  <span className="township-order-index">{i + 1}</span>
                  <span className="township-order-name">{names[i]}</span>
                  <button tabIndex={-1} aria-label={`上移${names[i]}`} title="上移（Alt+↑）" disabled={i === 0}
                    onClick={(e) => { e.stopPropagation(); move(i, -1); }}>↑</button>
                  <button tabIndex={-1} aria-label={`下移${names[i]}`} title="下移（Alt+↓）" disabled={i === list.length - 1}
                    onClick={(e) => { e.stopPropagation(); move(i, 1); }}>↓</button>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </details>
  );
}
