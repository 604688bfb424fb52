/**
 * The extra columns of a sheet (党员人数, 网格员, 备注 …): every column no rating field
 * stores. Their non-blank cells are kept per accepted row as ExtraValues.
 */
import type { HeaderColumn } from './header.ts';
import { memo } from './sheet-cells.ts';
import { FIELD_IDS, headerKey } from './synonyms.ts';
import { parseNumber, type Parsed } from './values.ts';
import type { FieldId, RawCell } from './types.ts';

/** Fields the header recognises but no rating column stores: their columns are kept as extras. */
const UNSTORED_FIELDS: ReadonlySet<FieldId> = new Set<FieldId>(['rank', 'award', 'guide', 'remark']);
/** Fields a rating (or its unit, or its period) is read from. */
const STORED_FIELDS: ReadonlySet<string> = new Set(FIELD_IDS.filter((f) => !UNSTORED_FIELDS.has(f) && f !== 'ignore'));
/** Row numbers carry nothing about the unit: not kept. */
const ROW_NUMBER_KEYS: ReadonlySet<string> = new Set(['序号']);

export interface ExtraCol {
  col: HeaderColumn;
  name: string;
  parse: (c: RawCell | undefined) => Parsed<number | null>;
  /** A value was kept from this column (for the report). */
  seen: boolean;
}

/**
 * The extra columns of a sheet: unmapped columns, columns of fields no rating stores
 * (排名, 奖项, 指导员, 备注), a second column for a field another column already
 * fills, and a column mapped to a field id this version does not know. Not row numbers
 * (序号) and not columns the user set to 'ignore'. Each is named by its header as shown
 * ("N列" for a blank header); repeated names get "（2）", "（3）".
 */
export function extraColumns(columns: readonly HeaderColumn[], byField: ReadonlyMap<FieldId, HeaderColumn>): ExtraCol[] {
  const out: ExtraCol[] = [];
  const used = new Set<string>();
  for (const c of columns) {
    if (c.field === 'ignore') continue;
    if (c.field && STORED_FIELDS.has(c.field) && byField.get(c.field) === c) continue;
    if (!c.field && ROW_NUMBER_KEYS.has(headerKey(c.label))) continue;
    const base = c.blank ? `${c.label}列` : c.label;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}（${k}）`;
    used.add(name);
    out.push({ col: c, name, parse: memo(parseNumber, 1024), seen: false });
  }
  return out;
}
