/**
 * Shaping for AG Grid community (no enterprise pivot): the long result as a flat table with
 * a header group per column value, subtotal and total rows in tree order, and the sort.
 */
import { NO_COMPARABLE } from '../../format.ts';
import type { MeasureFormat, ValueColumn } from '../measures.ts';
import { type PivotConfig, pivotValueColumns } from './config.ts';
import { type DimValue, dimLabel, dimValueLabel, type PivotDim } from './dims.ts';
import { collator, compareDimValues } from './order.ts';
import type { PivotResult, PivotRow } from './read.ts';

export interface PivotLeafColumn {
  colId: string;
  headerName: string;
  /** 'dim' columns hold row-dimension labels; 'value' columns hold numbers. */
  role: 'dim' | 'value';
  dim?: PivotDim;
  valueKey?: string;
  format?: MeasureFormat;
  /** Column-dimension values of this column (empty for the totals column). */
  columnPath?: DimValue[];
  /** Identifies the column-dimension combination ('total' for the totals column); use it in PivotSort. */
  columnKey?: string;
  isTotal?: boolean;
  /** A change vs the previous period (ValueColumn.change): its cells may read 无可比数据. */
  change?: true;
}

export interface PivotColumnGroup {
  groupId: string;
  headerName: string;
  dim?: PivotDim;
  isTotal?: boolean;
  children: PivotColumnDef[];
}

export type PivotColumnDef = PivotColumnGroup | PivotLeafColumn;

export interface PivotTableRow {
  id: string;
  parentId: string | null;
  /** cell: a full combination of row dims; subtotal: a row group; total: the grand total. */
  kind: 'cell' | 'subtotal' | 'total';
  /** Number of row dimensions fixed in this row (0 for the grand total). */
  depth: number;
  /** Row-dimension values, one per fixed row dimension. */
  path: DimValue[];
  /** Display labels of the row dimensions (subtotal rows: '小计' after the fixed ones). */
  labels: string[];
  townshipCounty?: string | null;
  unit?: PivotRow['unit'];
  /**
   * colId → value: row-dimension columns hold labels, value columns numbers (null: no
   * value). A change column holds NO_COMPARABLE (无可比数据) where the cell has units but
   * none of them has a previous rating; a cell with no units at all is absent.
   */
  cells: Record<string, string | number | null>;
}

export interface PivotTable {
  rowDims: PivotDim[];
  columnDims: PivotDim[];
  valueColumns: ValueColumn[];
  columnDefs: PivotColumnDef[];
  /** Every leaf value column in display order (convenient for exports). */
  leaves: PivotLeafColumn[];
  rows: PivotTableRow[];
}

const TOTAL_LABEL = '合计';
const SUBTOTAL_LABEL = '小计';

/** What tells a dimension's values apart (a township by its county and its name). */
function keyPart(d: PivotDim, r: PivotRow): unknown {
  return d === 'township' ? [r.townshipCounty ?? null, r.dims.township ?? null] : r.dims[d] ?? null;
}

function valueKey(d: PivotDim, r: PivotRow): string {
  return JSON.stringify(keyPart(d, r));
}

/**
 * The long pivot result as a flat table: row-dimension columns, then one header group per
 * column-dimension value (nested for several column dims) with one leaf per value column,
 * then the totals group. Rows come in tree order: a subtotal row heads its group, the
 * grand total comes last; `parentId` lets the grid collapse and expand groups.
 */
export function shapePivot(result: PivotResult | PivotRow[], configArg?: PivotConfig): PivotTable {
  const rowsIn = Array.isArray(result) ? result : result.rows;
  const config = Array.isArray(result) ? configArg! : result.config;
  const columns = Array.isArray(result) ? pivotValueColumns(config) : result.columns;
  const R = config.rows;
  const C = config.columns;

  // Townships whose name occurs in several counties are labelled with their county
  // (unless the county is a row dimension of its own: in the columns it does not tell the rows apart).
  const countiesByTownship = new Map<string, Set<string | null>>();
  for (const r of rowsIn) {
    if (r.dims.township != null) {
      const set = countiesByTownship.get(String(r.dims.township)) ?? new Set();
      set.add(r.townshipCounty ?? null);
      countiesByTownship.set(String(r.dims.township), set);
    }
  }
  const label = (d: PivotDim, r: PivotRow): string => {
    if (d === 'unit') return r.unit?.name ?? String(r.dims.unit ?? '');
    const base = dimValueLabel(d, r.dims[d] ?? null);
    const countyShown = R.includes('county');
    if (d === 'township' && !countyShown && (countiesByTownship.get(base)?.size ?? 0) > 1) return `${base}（${r.townshipCounty ?? '未填县'}）`;
    return base;
  };

  // ---- columns
  const isColTotal = (r: PivotRow) => C.length > 0 && C.every((d) => r.rolled[d]);
  const isColCell = (r: PivotRow) => C.every((d) => !r.rolled[d]);
  const colKeyOf = (r: PivotRow) => (isColTotal(r) ? 'total' : JSON.stringify(C.map((d) => keyPart(d, r))));
  const colIdOf = (colKey: string, vk: string) => (colKey === 'total' ? `t:${vk}` : C.length ? `c:${colKey}:${vk}` : `v:${vk}`);

  interface ColNode { key: string; dim: PivotDim; value: DimValue; label: string; children: Map<string, ColNode>; sample: PivotRow }
  const colRoot = new Map<string, ColNode>();
  const colKeys = new Map<string, PivotRow>();
  for (const r of rowsIn) {
    if (!C.length || !isColCell(r)) continue;
    const k = colKeyOf(r);
    if (!colKeys.has(k)) colKeys.set(k, r);
    let level = colRoot;
    C.forEach((d, i) => {
      const vk = valueKey(d, r);
      let node = level.get(vk);
      if (!node) {
        node = { key: JSON.stringify(C.slice(0, i + 1).map((dd) => keyPart(dd, r))), dim: d, value: r.dims[d] ?? null, label: label(d, r), children: new Map(), sample: r };
        level.set(vk, node);
      }
      level = node.children;
    });
  }
  const hasColTotals = C.length > 0 && rowsIn.some(isColTotal);
  const sortNodes = (nodes: Iterable<ColNode>) => [...nodes].sort((a, b) => compareDimValues(a.dim, a.value, b.value)
    || collator.compare(a.label, b.label));

  const leaves: PivotLeafColumn[] = [];
  const valueLeaves = (colKey: string, path: DimValue[], isTotal: boolean): PivotLeafColumn[] => columns.map((c) => {
    const leaf: PivotLeafColumn = {
      colId: colIdOf(colKey, c.key), headerName: c.label, role: 'value', valueKey: c.key, format: c.format, columnPath: path,
      ...(C.length ? { columnKey: colKey } : {}),
      ...(isTotal ? { isTotal: true } : {}),
      ...(c.change ? { change: true as const } : {}),
    };
    leaves.push(leaf);
    return leaf;
  });
  const buildGroups = (nodes: Map<string, ColNode>, path: DimValue[]): PivotColumnDef[] => sortNodes(nodes.values()).map((n) => {
    const p = [...path, n.value];
    const children = n.children.size ? buildGroups(n.children, p) : valueLeaves(n.key, p, false);
    return { groupId: `g:${n.key}`, headerName: n.label, dim: n.dim, children };
  });

  const dimLeaves: PivotLeafColumn[] = R.map((d, i) => ({ colId: `r${i}`, headerName: dimLabel(d), role: 'dim', dim: d }));
  const columnDefs: PivotColumnDef[] = [...dimLeaves];
  if (C.length) {
    columnDefs.push(...buildGroups(colRoot, []));
    if (hasColTotals) columnDefs.push({ groupId: 'g:total', headerName: TOTAL_LABEL, isTotal: true, children: valueLeaves('total', [], true) });
  } else {
    columnDefs.push(...valueLeaves('', [], false));
  }

  // ---- rows
  interface RowNode { depth: number; path: DimValue[]; keys: string[]; labels: string[]; sample: PivotRow; cells: Record<string, string | number | null>; children: Map<string, RowNode>; present: boolean }
  const newNode = (depth: number, path: DimValue[], keys: string[], labels: string[], sample: PivotRow): RowNode =>
    ({ depth, path, keys, labels, sample, cells: {}, children: new Map(), present: false });
  const root = newNode(0, [], [], [], rowsIn[0]);
  for (const r of rowsIn) {
    if (!(isColCell(r) || isColTotal(r))) continue;
    const depth = R.filter((d) => !r.rolled[d]).length;
    let node = root;
    for (let i = 0; i < depth; i++) {
      const d = R[i];
      const k = valueKey(d, r);
      let child = node.children.get(k);
      if (!child) {
        child = newNode(i + 1, [...node.path, r.dims[d] ?? null], [...node.keys, k], [...node.labels, label(d, r)], r);
        node.children.set(k, child);
      }
      node = child;
    }
    node.present = true;
    const ck = C.length ? colKeyOf(r) : '';
    for (const c of columns) {
      const v = r.values[c.key];
      node.cells[colIdOf(ck, c.key)] = v == null && c.change ? NO_COMPARABLE : v;
    }
  }

  const sort = config.sort;
  const sortValue = (n: RowNode): number | null => {
    if (!sort || !('value' in sort)) return null;
    const ck = !C.length ? '' : sort.columnKey ?? 'total';
    const v = n.cells[colIdOf(ck, sort.value)];
    return typeof v === 'number' ? v : null;
  };
  const ordered = (parent: RowNode): RowNode[] => {
    const kids = [...parent.children.values()];
    const d = R[parent.depth];
    const natural = (a: RowNode, b: RowNode) =>
      compareDimValues(d, a.path[a.depth - 1], b.path[b.depth - 1]) || collator.compare(a.labels[a.depth - 1], b.labels[b.depth - 1]);
    kids.sort((a, b) => {
      if (sort && 'value' in sort) {
        const va = sortValue(a);
        const vb = sortValue(b);
        if (va !== vb) {
          if (va == null) return 1;
          if (vb == null) return -1;
          return sort.desc ? vb - va : va - vb;
        }
        return natural(a, b);
      }
      if (sort && 'dim' in sort && sort.dim === d && sort.desc) return -natural(a, b);
      return natural(a, b);
    });
    return kids;
  };

  const out: PivotTableRow[] = [];
  const emit = (n: RowNode, parentId: string | null) => {
    const id = n.depth === 0 ? 'total' : `r:${n.keys.join('|')}`;
    if (n.present && n.depth > 0) {
      const kind = n.depth === R.length ? 'cell' : 'subtotal';
      const labels = R.map((_, i) => (i < n.depth ? n.labels[i] : i === n.depth ? SUBTOTAL_LABEL : ''));
      out.push(tableRow(id, parentId, kind, n, labels));
    }
    for (const child of ordered(n)) emit(child, n.depth === 0 ? null : id);
  };
  const tableRow = (id: string, parentId: string | null, kind: PivotTableRow['kind'], n: RowNode, labels: string[]): PivotTableRow => {
    const cells: Record<string, string | number | null> = {};
    R.forEach((_, i) => { cells[`r${i}`] = labels[i]; });
    Object.assign(cells, n.cells);
    const row: PivotTableRow = { id, parentId, kind, depth: n.depth, path: n.path, labels, cells };
    if (R.includes('township') && n.depth > R.indexOf('township')) row.townshipCounty = n.sample.townshipCounty ?? null;
    if (R.includes('unit') && n.depth > R.indexOf('unit')) row.unit = n.sample.unit;
    return row;
  };
  emit(root, null);
  if (root.present) {
    const labels = R.map((_, i) => (i === 0 ? TOTAL_LABEL : ''));
    out.push(tableRow('total', null, 'total', root, labels));
  }
  return { rowDims: R, columnDims: C, valueColumns: columns, columnDefs, leaves, rows: out };
}
