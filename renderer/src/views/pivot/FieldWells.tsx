/**
 * The pivot's fields and wells: drag a field from the list into 行 / 列 / 筛选, between
 * wells, or within a well to reorder; drag it out (back onto the list, or anywhere that is
 * not a well) or press × to remove it. Native HTML5 drag and drop; every move also has a
 * keyboard path (the 添加… selects, ↑ and ×). A field in 筛选 gets a list of its values to
 * tick (PivotConfig.fieldFilters). The list shows the built-in dimensions and, under
 * 扩展列, every extra column of the imported 台账.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  DIMS, dimLabel, extraDim, extraFieldsQuery, extraMeasureLabel, fieldValuesQuery, type DimValue, type ExtraField,
  type ExtraMeasure, type PivotConfig, type PivotDim, dimValueLabel, isExtraDim,
} from '../../../../shared/analysis/pivot.ts';
import { useAnalysis } from '../../data/useQuery.ts';
import { filterValues, placeField, removeField, setFilterValues, WELL_LABELS, wellFields, wellOf, type Well } from './wells.ts';
import './field-wells.css';

/** The drag payload type: only our own fields are accepted by the wells. */
const DRAG_TYPE = 'application/x-xingtu-pivot-field';

interface Drag {
  dim: PivotDim;
  from: Well | 'list';
}

/** The extra columns of the live data (empty while loading or when there are none). */
export function useExtraFields(): ExtraField[] {
  const q = useMemo(() => extraFieldsQuery(), []);
  return useAnalysis(q).data ?? [];
}

export function FieldWells({ config, onChange }: { config: PivotConfig; onChange: (c: PivotConfig) => void }) {
  const extras = useExtraFields();
  const extraDims = extras.map((x) => extraDim(x.name));
  const drag = useRef<Drag | null>(null);
  const dropped = useRef(false);
  const [dragging, setDragging] = useState<Drag | null>(null);
  const [over, setOver] = useState<{ well: Well | 'list'; index: number } | null>(null);
  // Filter fields whose value list is open (a newly added one opens).
  const [open, setOpen] = useState<Set<PivotDim>>(() => new Set());

  const place = (dim: PivotDim, well: Well, index?: number) => {
    if (well === 'filters' && wellOf(config, dim) !== 'filters') setOpen((s) => new Set(s).add(dim));
    onChange(placeField(config, dim, well, index));
  };
  const remove = (dim: PivotDim) => onChange(removeField(config, dim));

  const startDrag = (e: DragEvent, d: Drag) => {
    e.dataTransfer.setData(DRAG_TYPE, d.dim);
    e.dataTransfer.setData('text/plain', dimLabel(d.dim));
    e.dataTransfer.effectAllowed = 'move';
    drag.current = d;
    dropped.current = false;
    // Styling after the browser has taken its drag image (unless the drag is already over).
    setTimeout(() => drag.current === d && setDragging(d), 0);
  };
  /** The drag is over. A drop ends it too: the dragged chip may be gone by then, and with it its dragend. */
  const finish = () => {
    drag.current = null;
    setDragging(null);
    setOver(null);
  };
  const endDrag = (e: DragEvent) => {
    const d = drag.current;
    finish();
    // Dropped outside every well and the list: a field taken out of a well is removed.
    if (d && d.from !== 'list' && !dropped.current && e.dataTransfer.dropEffect === 'none') remove(d.dim);
  };
  const accepts = (e: DragEvent) => drag.current != null && e.dataTransfer.types.includes(DRAG_TYPE);

  /** Insertion index under the pointer: before the chip it is over (after it, past its middle), else the end. */
  const indexAt = (e: DragEvent, well: Well): number => {
    const chip = (e.target as HTMLElement).closest<HTMLElement>('[data-chip-index]');
    if (!chip) return wellFields(config, well).length;
    const i = Number(chip.dataset.chipIndex);
    const r = chip.getBoundingClientRect();
    const after = well === 'filters' ? e.clientY > r.top + r.height / 2 : e.clientX > r.left + r.width / 2;
    return after ? i + 1 : i;
  };

  const wellProps = (well: Well) => ({
    onDragOver: (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      const index = indexAt(e, well);
      if (over?.well !== well || over.index !== index) setOver({ well, index });
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver(null);
    },
    onDrop: (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      dropped.current = true;
      const { dim } = drag.current!;
      finish();
      place(dim, well, indexAt(e, well));
    },
  });

  const listProps = {
    onDragOver: (e: DragEvent) => {
      if (!accepts(e) || drag.current!.from === 'list') return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (over?.well !== 'list') setOver({ well: 'list', index: 0 });
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver(null);
    },
    onDrop: (e: DragEvent) => {
      if (!accepts(e) || drag.current!.from === 'list') return;
      e.preventDefault();
      dropped.current = true;
      const { dim } = drag.current!;
      finish();
      remove(dim);
    },
  };

  const used = new Set<PivotDim>([...config.rows, ...config.columns, ...(config.fieldFilters ?? []).map((f) => f.dim)]);
  const fieldItem = (d: PivotDim) => (
    <li key={d} className={`field-item${used.has(d) ? ' used' : ''}${isExtraDim(d) ? ' extra' : ''}`} draggable
      data-testid="pivot-field" title={`拖到行、列或筛选${used.has(d) ? `（已在“${WELL_LABELS[wellOf(config, d)!]}”中）` : ''}`}
      onDragStart={(e) => startDrag(e, { dim: d, from: 'list' })} onDragEnd={endDrag}>
      {dimLabel(d)}
    </li>
  );

  return (
    <div className={`field-wells${dragging ? ' is-dragging' : ''}`}>
      <div className={`pivot-field field-list${over?.well === 'list' ? ' drop-over' : ''}`} data-testid="pivot-field-list" {...listProps}>
        <span className="pivot-field-label">字段<span className="muted small">（拖到下方行、列或筛选）</span></span>
        <ul aria-label="基本字段">{DIMS.map(fieldItem)}</ul>
        {extraDims.length > 0 && (
          <>
            <span className="field-group-label" title="导入台账中的其他列">扩展列</span>
            <ul aria-label="扩展列" data-testid="pivot-extra-fields">{extraDims.map(fieldItem)}</ul>
          </>
        )}
      </div>
      {(['rows', 'columns', 'filters'] as const).map((well) => (
        <WellBox key={well} well={well} config={config} extraDims={extraDims} over={over?.well === well ? over.index : null}
          open={open} setOpen={setOpen} onChange={onChange} place={place} remove={remove}
          startDrag={startDrag} endDrag={endDrag} dropProps={wellProps(well)} dragging={dragging} />
      ))}
    </div>
  );
}

function WellBox(props: {
  well: Well; config: PivotConfig; extraDims: PivotDim[]; over: number | null; dragging: Drag | null;
  open: Set<PivotDim>; setOpen: (f: (s: Set<PivotDim>) => Set<PivotDim>) => void;
  onChange: (c: PivotConfig) => void; place: (d: PivotDim, w: Well, i?: number) => void; remove: (d: PivotDim) => void;
  startDrag: (e: DragEvent, d: Drag) => void; endDrag: (e: DragEvent) => void;
  dropProps: Record<string, (e: DragEvent) => void>;
}) {
  const { well, config, over, place, remove } = props;
  const label = WELL_LABELS[well];
  const dims = wellFields(config, well);
  const free = [...DIMS, ...props.extraDims].filter((d) => wellOf(config, d) == null);
  const builtinFree = free.filter((d) => !isExtraDim(d));
  const extraFree = free.filter(isExtraDim);
  const what = well === 'filters' ? '筛选字段' : `${label}维度`;
  const marker = (i: number) => (over === i ? ' drop-before' : over === dims.length && i === dims.length - 1 ? ' drop-after' : '');
  const chip = (d: PivotDim, i: number) => (
    <span key={d} className={`chip${marker(i)}`} draggable data-chip-index={i}
      onDragStart={(e) => props.startDrag(e, { dim: d, from: well })} onDragEnd={props.endDrag}>
      {dimLabel(d)}
      {i > 0 && <button aria-label={`上移${dimLabel(d)}`} onClick={() => place(d, well, i - 1)}>↑</button>}
      <button aria-label={`移除${what}${dimLabel(d)}`} onClick={() => remove(d)}>×</button>
    </span>
  );
  return (
    <div className={`pivot-field well${over != null ? ' drop-over' : ''}${props.dragging ? ' drop-ready' : ''}`}
      role="group" data-testid={`pivot-${well}`} aria-label={`${label}（可拖入字段）`} {...props.dropProps}>
      <span className="pivot-field-label">{label}</span>
      <div className={well === 'filters' ? 'pivot-chips filter-chips' : 'pivot-chips'}>
        {dims.length === 0 && <span className="well-empty muted small">拖入字段{well === 'filters' ? '后勾选要保留的值' : ''}</span>}
        {dims.map((d, i) => well === 'filters' ? (
          <div key={d} className="filter-field" data-testid="pivot-filter-field">
            {chip(d, i)}
            <FilterSummary dim={d} config={config} open={props.open.has(d)}
              toggle={() => props.setOpen((s) => { const n = new Set(s); if (n.has(d)) n.delete(d); else n.add(d); return n; })}
              onChange={props.onChange} />
          </div>
        ) : chip(d, i))}
      </div>
      <select aria-label={`添加${what}`} value="" onChange={(e) => e.target.value && place(e.target.value as PivotDim, well)}>
        <option value="">+ 添加{what}</option>
        {builtinFree.map((d) => <option key={d} value={d}>{dimLabel(d)}</option>)}
        {extraFree.length > 0 && (
          <optgroup label="扩展列">
            {extraFree.map((d) => <option key={d} value={d}>{dimLabel(d)}</option>)}
          </optgroup>
        )}
      </select>
    </div>
  );
}

const valueKey = (v: DimValue) => JSON.stringify(v);

function FilterSummary({ dim, config, open, toggle, onChange }: {
  dim: PivotDim; config: PivotConfig; open: boolean; toggle: () => void; onChange: (c: PivotConfig) => void;
}) {
  const chosen = filterValues(config, dim);
  return (
    <>
      <button className="filter-toggle" aria-expanded={open} aria-label={`选择${dimLabel(dim)}的筛选值`} onClick={toggle}>
        {chosen.length ? `已选 ${chosen.length} 项` : '全部'} {open ? '▴' : '▾'}
      </button>
      {open && <FilterValues dim={dim} config={config} chosen={chosen} onChange={onChange} />}
    </>
  );
}

function FilterValues({ dim, config, chosen, onChange }: {
  dim: PivotDim; config: PivotConfig; chosen: DimValue[]; onChange: (c: PivotConfig) => void;
}) {
  const q = useMemo(() => fieldValuesQuery(dim, { cadence: config.cadence }), [dim, config.cadence]);
  const { data, error } = useAnalysis(q);
  const keys = new Set(chosen.map(valueKey));
  // Chosen values the data no longer has (a saved view) stay listed, so they can be unticked.
  const listed = data ?? [];
  const missing = chosen.filter((v) => !listed.some((x) => valueKey(x.value) === valueKey(v)))
    .map((v) => ({ value: v, label: dimValueLabel(dim, v) }));
  const set = (values: DimValue[]) => onChange(setFilterValues(config, dim, values));
  const [shown, setShown] = useState(200);
  useEffect(() => setShown(200), [dim]);
  const all = [...listed, ...missing];
  return (
    <div className="filter-values" role="group" aria-label={`${dimLabel(dim)}筛选值`}>
      {error ? <span className="error-text small">无法列出取值：{error.message}</span>
        : !data ? <span className="muted small">正在列出取值…</span>
        : all.length === 0 ? <span className="muted small">没有取值</span>
        : all.slice(0, shown).map((fv) => (
          <label key={valueKey(fv.value)}>
            <input type="checkbox" checked={keys.has(valueKey(fv.value))}
              onChange={(e) => set(e.target.checked ? [...chosen, fv.value] : chosen.filter((v) => valueKey(v) !== valueKey(fv.value)))} />
            <span title={fv.label}>{fv.label}</span>
          </label>
        ))}
      {all.length > shown && <button className="link" onClick={() => setShown(shown + 500)}>再显示 {Math.min(500, all.length - shown)} 项…</button>}
      {chosen.length > 0 && <button className="link" onClick={() => set([])}>清除（不筛选）</button>}
    </div>
  );
}

/** Sum / average of each numeric extra column, under 扩展列, beside the built-in measures. */
export function ExtraMeasurePicker({ config, onChange }: { config: PivotConfig; onChange: (c: PivotConfig) => void }) {
  const extras = useExtraFields();
  const chosen = config.extraMeasures ?? [];
  const id = (m: ExtraMeasure) => `${m.kind}\u0000${m.name}`;
  const chosenIds = new Set(chosen.map(id));
  const offered: ExtraMeasure[] = extras.filter((x) => x.numeric).flatMap((x) => [
    { kind: 'sum' as const, name: x.name }, { kind: 'avg' as const, name: x.name },
  ]);
  // Chosen measures no longer offered (a saved view) stay listed, so they can be unticked.
  for (const m of chosen) if (!offered.some((o) => id(o) === id(m))) offered.push(m);
  if (offered.length === 0) return null;
  return (
    <div className="pivot-field">
      <span className="pivot-field-label">扩展列指标<span className="muted small">（数值列求和、平均）</span></span>
      <div className="measure-list extra-measures" role="group" aria-label="扩展列指标" data-testid="pivot-extra-measures">
        {offered.map((m) => (
          <label key={id(m)}>
            <input type="checkbox" checked={chosenIds.has(id(m))}
              onChange={(e) => onChange({
                ...config,
                extraMeasures: e.target.checked ? [...chosen, m] : chosen.filter((x) => id(x) !== id(m)),
              })} />
            {extraMeasureLabel(m)}
          </label>
        ))}
      </div>
    </div>
  );
}
