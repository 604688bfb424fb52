/**
 * Pieces of the briefing document: a chart figure that prints as a 2× image, a static
 * table (prints with repeated headers, rows never split across pages), and the hook that
 * computes an item's tables from the engine.
 */
import { Fragment, useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactNode, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { Filter } from '../../../../shared/filter.ts';
import type { ItemSpec } from '../../../../shared/briefing/model.ts';
import type { Runner } from '../../../../shared/briefing/narrative.ts';
import { cellFormat, formatCell, itemTables, type BriefingTable } from '../../../../shared/briefing/tables.ts';
import type { ChartHandle } from '../../components/Chart.tsx';
import type { Coordinator } from '../../data/coordinator.ts';
import { useCoordinator } from '../../data/context.ts';
import { exportFileName } from '../../import/download.ts';
import { FILE_TYPES, saveBytes } from '../../platform/files.ts';
import { notify } from '../../state/toast.ts';

/** Runs analysis queries through the coordinator (cached, shared with the views). */
export function runnerOf(coordinator: Coordinator): Runner {
  return (q) => coordinator.run(q);
}

/** Bumps when the user presses 刷新, so items recompute. */
let refreshCount = 0;
const refreshListeners = new Set<() => void>();
export function requestRefresh(): void {
  refreshCount++;
  refreshListeners.forEach((l) => l());
}
function useRefreshCount(): number {
  return useSyncExternalStore((l) => { refreshListeners.add(l); return () => refreshListeners.delete(l); }, () => refreshCount);
}

export function useDataVersion(): number {
  const coordinator = useCoordinator();
  return useSyncExternalStore((l) => coordinator.subscribe(l), () => coordinator.dataVersion);
}

export interface TablesState {
  tables: BriefingTable[] | null;
  error: Error | null;
}

/** An item's tables for a filter, recomputed when the data, the item or 刷新 changes. */
export function useItemTables(spec: ItemSpec, filter: Filter, title: string): TablesState {
  const coordinator = useCoordinator();
  const version = useDataVersion();
  const refresh = useRefreshCount();
  const key = JSON.stringify([spec, filter, title, version, refresh]);
  const [state, setState] = useState<TablesState & { key: string | null }>({ key: null, tables: null, error: null });
  useEffect(() => {
    let live = true;
    itemTables(runnerOf(coordinator), spec, filter, title).then(
      (tables) => live && setState({ key, tables, error: null }),
      (error: Error) => live && setState({ key, tables: null, error }),
    );
    return () => { live = false; };
    // `key` covers spec, filter, title, data version and refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, coordinator]);
  return state.key === key ? state : { tables: state.tables, error: null };
}

// ---------------------------------------------------------------------------------------------
// Charts: on screen the live ECharts canvas, in print a PNG rendered at 2×.

const refreshers = new Set<() => void>();

/** Renders every chart's print image again (fonts loaded, current size), and waits until they decode. */
export async function preparePrintImages(): Promise<void> {
  await document.fonts.ready;
  flushSync(() => refreshers.forEach((r) => r()));
  const imgs = [...document.querySelectorAll<HTMLImageElement>('img.bf-print-img')];
  await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
}

export function dataUrlBytes(url: string): Uint8Array {
  const b64 = url.slice(url.indexOf(',') + 1);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A file name without characters file systems refuse (shared/file-name.ts), with a notice when that changed it. */
export function fileStem(text: string): string {
  return exportFileName(text, '简报');
}

export function ChartFigure({ name, version, children, testId }: {
  /** File name stem of the PNG and the image's alt text. */
  name: string;
  /** Changes whenever the chart's data changes (the image is rendered again). */
  version: unknown;
  children: (ref: RefObject<ChartHandle | null>) => ReactNode;
  testId?: string;
}) {
  const ref = useRef<ChartHandle | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [png, setPng] = useState<string | null>(null);
  const refresh = useCallback(() => {
    const el = box.current;
    // Hidden (print layout, collapsed): keep the last image.
    if (!ref.current || !el || el.getBoundingClientRect().width < 10) return;
    try {
      setPng(ref.current.toPrintPng());
    } catch {
      // The chart is not initialised yet; the next refresh catches up.
    }
  }, []);
  useEffect(() => {
    refresh();
    let live = true;
    void document.fonts.ready.then(() => live && refresh());
    return () => { live = false; };
  }, [version, refresh]);
  useEffect(() => {
    refreshers.add(refresh);
    // The chart follows its box (ResizeObserver in Chart); follow it too, a moment later.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    if (box.current) observer.observe(box.current);
    return () => {
      refreshers.delete(refresh);
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [refresh]);

  const exportPng = async () => {
    await document.fonts.ready;
    if (!ref.current) return;
    const saved = await saveBytes(`${fileStem(name)}.png`, dataUrlBytes(ref.current.toPng()), FILE_TYPES.png);
    if (saved) notify(`已导出图片 ${saved.name}`);
  };

  return (
    <figure className="bf-figure" data-testid={testId}>
      <div className="bf-figure-tools no-print">
        <button type="button" className="link" onClick={() => void exportPng()}>导出PNG</button>
      </div>
      <div className="bf-chart screen-only" ref={box}>{children(ref)}</div>
      {png && <img className="bf-print-img print-only" src={png} alt={name} />}
    </figure>
  );
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Text columns that have no header group above them: their header spans the header rows. */
function spanningColumns(t: BriefingTable): boolean[] {
  return t.columns.map((c, i) => c.format === 'text' && t.groups.length > 0
    && !t.groups.some((g) => g.some((h) => i >= h.col && i < h.col + h.span && h.text)));
}

/**
 * The body in row groups for print (issue #13): the first three rows and the last three are each
 * kept together (briefing.css tbody.keep), so a table never starts with fewer than three rows at
 * a page foot and never leaves one or two rows alone on the next page. Short tables are one group.
 */
export function rowGroups(n: number): Array<[from: number, to: number, keep: boolean]> {
  if (n <= 6) return [[0, n, true]];
  return [[0, 3, true], [3, n - 3, false], [n - 3, n, true]];
}

/**
 * A header cell's text that wraps only between words: short headers (名次, 无星) never wrap,
 * 乡镇（街道） may break before its bracket, a longer one in its middle (三星以上 / 占比目标).
 */
function HeaderText({ text }: { text: string }) {
  const parts = headerParts(text);
  return <>{parts.map((p, i) => <Fragment key={i}>{i > 0 && <wbr />}<span className="nw">{p}</span></Fragment>)}</>;
}

export function headerParts(text: string): string[] {
  const chars = [...text];
  if (chars.length <= 4) return [text];
  const bracket = text.indexOf('（');
  if (bracket > 0) return [text.slice(0, bracket), text.slice(bracket)];
  const half = Math.ceil(chars.length / 2);
  return [chars.slice(0, half).join(''), chars.slice(half).join('')];
}

export function DocTable({ table, testId }: { table: BriefingTable; testId?: string }) {
  const spanning = spanningColumns(table);
  const depth = table.groups.length;
  const groupRow = (cells: BriefingTable['groups'][number], gi: number) => {
    const out: ReactNode[] = [];
    for (let i = 0; i < table.columns.length;) {
      if (spanning[i]) {
        if (gi === 0) out.push(<th key={`s${i}`} rowSpan={depth + 1} className="text"><HeaderText text={table.columns[i].header} /></th>);
        i++;
        continue;
      }
      const cell = cells.find((c) => c.col === i);
      if (cell) {
        out.push(<th key={`g${i}`} colSpan={cell.span} className="group">{cell.text}</th>);
        i += cell.span;
      } else {
        out.push(<th key={`e${i}`} />);
        i++;
      }
    }
    return <tr key={`g${gi}`}>{out}</tr>;
  };
  return (
    <div className="bf-table-wrap">
      <table className={table.columns.length > 8 ? 'bf-table wide' : 'bf-table'} data-testid={testId}>
        <thead>
          {table.groups.map(groupRow)}
          <tr>
            {table.columns.map((c, i) => (spanning[i] ? null
              : <th key={i} className={c.format === 'text' ? 'text' : 'num'}><HeaderText text={c.header} /></th>))}
          </tr>
        </thead>
        {rowGroups(table.rows.length).map(([from, to, keep]) => (
          <tbody key={from} className={keep ? 'keep' : undefined}>
            {table.rows.slice(from, to).map((r, k) => (
              <tr key={from + k} className={r.kind ?? undefined}>
                {r.cells.map((v, i) => {
                  const f = cellFormat(table, r, i);
                  const shown = formatCell(v, f);
                  const cls = f === 'text' && typeof v !== 'number' ? (shown.length <= 6 ? 'text short' : 'text') : 'num';
                  return <td key={i} className={cls}>{shown}</td>;
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {table.rows.length === 0 && <p className="bf-note">没有符合条件的数据。</p>}
      {table.note && <p className="bf-note">{table.note}</p>}
    </div>
  );
}
