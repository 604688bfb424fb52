/**
 * Saved specs checked on load: the pivot views, the briefing's items and the import column
 * mappings that come back from
 * a workspace file or from localStorage. A spec is data written by some version of the app,
 * or by hand, or damaged: every field, measure and filter is checked against what this
 * version knows (the dimensions of analysis/pivot.ts, the measures of analysis/measures.ts,
 * the star ids, period keys), what is unknown is dropped or repaired, and each change is
 * reported in Chinese, so a bad view can neither blank a screen nor vanish silently.
 */
import { allMeasures, measureId, measureLabel, type MeasureSpec } from './analysis/measures.ts';
import {
  DIMS, dimLabel, isExtraDim, MAX_PIVOT_DIMS, validatePivot,
  type DimValue, type ExtraMeasure, type PivotConfig, type PivotDim, type PivotFieldFilter, type PivotFilters, type PivotSort,
} from './analysis/pivot.ts';
import type { TownshipRef } from './analysis/common.ts';
import { emptyBriefing, parseBriefing, type Briefing, type BriefingItem } from './briefing/model.ts';
import { FIELD_IDS } from './import/synonyms.ts';
import type { FieldId } from './import/types.ts';
import { parsePeriodKey } from './period.ts';
import { STAR_IDS, type StarId } from './stars.ts';

/** A checked spec and what was dropped or repaired on the way (Chinese sentences). */
export interface Checked<T> {
  value: T;
  notices: string[];
}

/** A saved pivot view: a name and its configuration (the 'pivot-views' workspace part holds a list). */
export interface SavedPivotView {
  name: string;
  config: PivotConfig;
}

/** Longest view name kept; longer ones are cut. */
export const MAX_VIEW_NAME = 100;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);

/** A value as it may be quoted in a notice: short, one line. */
function describe(v: unknown): string {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (isObj(v) && typeof v.kind === 'string') text = [v.kind, v.level, v.star, v.column].filter((x) => x != null).join(' ');
  else {
    try {
      text = JSON.stringify(v) ?? String(v);
    } catch {
      text = String(v);
    }
  }
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isKnownDim(d: unknown): d is PivotDim {
  return typeof d === 'string' && ((DIMS as readonly string[]).includes(d) || (isExtraDim(d) && d.length > 'extra:'.length));
}

const KNOWN_MEASURES = new Map(allMeasures().map((m) => [measureId(m), m]));

/** A measure this version offers (a fresh copy), or null. */
export function knownMeasure(v: unknown): MeasureSpec | null {
  if (!isObj(v) || typeof v.kind !== 'string') return null;
  try {
    const m = KNOWN_MEASURES.get(measureId(v as MeasureSpec));
    return m ? structuredClone(m) : null;
  } catch {
    return null;
  }
}

const FILTER_KEYS = ['periods', 'from', 'to', 'stars', 'levels', 'weakBranch', 'unitIds', 'counties', 'townships', 'kind'];
const CONFIG_KEYS = ['rows', 'columns', 'filters', 'fieldFilters', 'measures', 'extraMeasures', 'cadence', 'totals', 'sort'];
const INT_DIMS: readonly PivotDim[] = ['year', 'quarter', 'level', 'target_level'];

/** Whether a value can filter a dimension (the types PivotFieldFilter documents). */
function validFilterValue(dim: PivotDim, v: unknown): v is DimValue {
  if (v === null) return true;
  if (typeof v === 'number' && !Number.isFinite(v)) return false;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  if (INT_DIMS.includes(dim)) return Number.isInteger(Number(v)) && typeof v !== 'boolean';
  if (dim === 'period') return parsePeriodKey(String(v)) != null;
  if (dim === 'weak_branch') return typeof v === 'boolean' || v === 'true' || v === 'false';
  return true;
}

/**
 * A pivot configuration from untrusted JSON. `where` names it in the notices, e.g.
 * 保存的透视视图“乡镇分类型”. Unknown fields, measures, filters and settings are dropped
 * (each with a notice); null when nothing usable is left.
 */
export function checkPivotConfig(json: unknown, where: string): Checked<PivotConfig | null> {
  const notices: string[] = [];
  const ignore = (what: string) => notices.push(`已忽略${where}中的${what}`);
  if (!isObj(json)) return { value: null, notices: [`已忽略${where}：设置无法识别`] };

  for (const key of Object.keys(json)) if (!CONFIG_KEYS.includes(key)) ignore(`未知设置“${describe(key)}”`);

  // Rows and columns: known fields, each once, at most MAX_PIVOT_DIMS together.
  const used = new Set<PivotDim>();
  const well = (v: unknown, label: string): PivotDim[] => {
    if (v == null) return [];
    if (!Array.isArray(v)) {
      ignore(`无法识别的${label}设置`);
      return [];
    }
    const out: PivotDim[] = [];
    for (const d of v) {
      if (!isKnownDim(d)) ignore(`未知字段“${describe(d)}”`);
      else if (used.has(d)) ignore(`重复的字段“${dimLabel(d)}”`);
      else if (used.size >= MAX_PIVOT_DIMS) ignore(`超出 ${MAX_PIVOT_DIMS} 个的字段“${dimLabel(d)}”`);
      else {
        used.add(d);
        out.push(d);
      }
    }
    return out;
  };
  const config: PivotConfig = { rows: well(json.rows, '行'), columns: well(json.columns, '列'), measures: [] };

  // Measures: those this version offers, each once.
  if (json.measures != null && !Array.isArray(json.measures)) ignore('无法识别的指标设置');
  const seen = new Set<string>();
  for (const m of Array.isArray(json.measures) ? json.measures : []) {
    const known = knownMeasure(m);
    if (!known) ignore(`未知指标“${describe(m)}”`);
    else if (seen.has(measureId(known))) ignore(`重复的指标“${measureLabel(known)}”`);
    else {
      seen.add(measureId(known));
      config.measures.push(known);
    }
  }

  if (json.extraMeasures != null) {
    const extras: ExtraMeasure[] = [];
    for (const m of Array.isArray(json.extraMeasures) ? json.extraMeasures : [json.extraMeasures]) {
      if (isObj(m) && (m.kind === 'sum' || m.kind === 'avg') && typeof m.name === 'string' && m.name.trim() !== '') {
        extras.push({ kind: m.kind, name: m.name });
      } else ignore(`无法识别的扩展列指标“${describe(m)}”`);
    }
    if (extras.length) config.extraMeasures = extras;
  }

  // The 筛选 well: known fields not already in rows or columns, with values of the field's type.
  if (json.fieldFilters != null) {
    const filters: PivotFieldFilter[] = [];
    for (const f of Array.isArray(json.fieldFilters) ? json.fieldFilters : [json.fieldFilters]) {
      const dim = isObj(f) ? f.dim : f;
      if (!isObj(f) || !isKnownDim(dim)) {
        ignore(`未知的筛选字段“${describe(dim)}”`);
        continue;
      }
      if (used.has(dim)) {
        ignore(`重复的字段“${dimLabel(dim)}”`);
        continue;
      }
      used.add(dim);
      const raw = Array.isArray(f.values) ? f.values : [];
      if (f.values != null && !Array.isArray(f.values)) ignore(`筛选“${dimLabel(dim)}”中无法识别的值`);
      const values: DimValue[] = [];
      for (const v of raw) {
        if (validFilterValue(dim, v)) values.push(v);
        else ignore(`筛选“${dimLabel(dim)}”中无法识别的值“${describe(v)}”`);
      }
      filters.push({ dim, values });
    }
    if (filters.length) config.fieldFilters = filters;
  }

  if (json.filters != null) {
    const filters = checkFilters(json.filters, ignore);
    if (filters) config.filters = filters;
  }

  if (json.cadence != null) {
    if (json.cadence === 'all' || json.cadence === 'quarter' || json.cadence === 'year') config.cadence = json.cadence;
    else ignore(`无法识别的期次口径“${describe(json.cadence)}”`);
  }

  if (json.totals != null) {
    const t = json.totals;
    const totals: NonNullable<PivotConfig['totals']> = {};
    if (!isObj(t)) ignore('无法识别的合计设置');
    else {
      if (t.rows === 'subtotals' || t.rows === 'grand' || t.rows === 'none') totals.rows = t.rows;
      else if (t.rows != null) ignore(`无法识别的行合计设置“${describe(t.rows)}”`);
      if (typeof t.columns === 'boolean') totals.columns = t.columns;
      else if (t.columns != null) ignore(`无法识别的列合计设置“${describe(t.columns)}”`);
    }
    if (Object.keys(totals).length) config.totals = totals;
  }

  if (json.sort != null) {
    const sort = checkSort(json.sort);
    if (sort) config.sort = sort;
    else ignore('无法识别的排序设置');
  }

  // Last line of defence: what the query builder would still refuse drops the view.
  try {
    validatePivot(config);
  } catch (e) {
    return { value: null, notices: [...notices, `已忽略${where}：${e instanceof Error ? e.message : String(e)}`] };
  }
  return { value: config, notices };
}

function checkSort(v: unknown): PivotSort | null {
  if (!isObj(v)) return null;
  const desc = v.desc === true ? { desc: true } : {};
  if (typeof v.value === 'string' && /^[a-z0-9_]{1,40}$/i.test(v.value)) {
    if (v.columnKey != null && typeof v.columnKey !== 'string') return null;
    return { value: v.value, ...(typeof v.columnKey === 'string' ? { columnKey: v.columnKey } : {}), ...desc };
  }
  if (isKnownDim(v.dim)) return { dim: v.dim, ...desc };
  return null;
}

/** The pivot's own filters (PivotFilters), each condition checked; null when none is left. */
function checkFilters(v: unknown, ignore: (what: string) => void): PivotFilters | null {
  if (!isObj(v)) {
    ignore('无法识别的筛选设置');
    return null;
  }
  const out: PivotFilters = {};
  for (const key of Object.keys(v)) if (!FILTER_KEYS.includes(key)) ignore(`未知的筛选条件“${describe(key)}”`);
  const list = (x: unknown, label: string, ok: (e: unknown) => boolean): unknown[] | undefined => {
    if (x == null) return undefined;
    if (!Array.isArray(x)) {
      ignore(`无法识别的${label}筛选`);
      return undefined;
    }
    return x.filter((e) => {
      if (ok(e)) return true;
      ignore(`无法识别的${label}“${describe(e)}”`);
      return false;
    });
  };
  const periodOk = (e: unknown) => typeof e === 'string' && parsePeriodKey(e) != null;
  const strOk = (e: unknown) => typeof e === 'string';
  const periods = list(v.periods, '期次', periodOk);
  if (periods) out.periods = periods as string[];
  for (const key of ['from', 'to'] as const) {
    if (v[key] == null) continue;
    if (periodOk(v[key])) out[key] = v[key] as string;
    else ignore(`无法识别的期次“${describe(v[key])}”`);
  }
  const stars = list(v.stars, '星类', (e) => typeof e === 'string' && (STAR_IDS as readonly string[]).includes(e));
  if (stars) out.stars = stars as StarId[];
  const levels = list(v.levels, '星级', (e) => Number.isInteger(e) && (e as number) >= 0 && (e as number) <= 5);
  if (levels) out.levels = levels as number[];
  if (typeof v.weakBranch === 'boolean' || v.weakBranch === null) out.weakBranch = v.weakBranch;
  else if (v.weakBranch !== undefined) ignore(`无法识别的软弱涣散筛选“${describe(v.weakBranch)}”`);
  const unitIds = list(v.unitIds, '村（社区）', strOk);
  if (unitIds) out.unitIds = unitIds as string[];
  const counties = list(v.counties, '县（市、区）', strOk);
  if (counties) out.counties = counties as string[];
  const townships = list(v.townships, '乡镇', (e) => typeof e === 'string'
    || (isObj(e) && typeof e.township === 'string' && (e.county === null || typeof e.county === 'string')));
  if (townships) out.townships = townships.map((t) => (typeof t === 'string' ? t : { county: (t as { county: string | null }).county, township: (t as { township: string }).township })) as TownshipRef[];
  if (v.kind === 'village' || v.kind === 'community' || v.kind === null) out.kind = v.kind;
  else if (v.kind !== undefined) ignore(`无法识别的类型“${describe(v.kind)}”`);
  return Object.keys(out).length ? out : null;
}

/**
 * The saved pivot views from untrusted JSON (a workspace's 'pivot-views' part, localStorage):
 * each view checked (checkPivotConfig), views without a usable name or configuration
 * dropped, a repeated name made unique.
 */
export function checkSavedViews(json: unknown): Checked<SavedPivotView[]> {
  if (json == null) return { value: [], notices: [] };
  if (!Array.isArray(json)) return { value: [], notices: ['已忽略无法识别的透视视图列表'] };
  const notices: string[] = [];
  const views: SavedPivotView[] = [];
  json.forEach((v, i) => {
    const raw = isObj(v) && typeof v.name === 'string' ? v.name.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim() : '';
    if (!isObj(v) || raw === '') {
      notices.push(`已忽略第 ${i + 1} 个保存的透视视图：没有名称`);
      return;
    }
    let name = raw.length > MAX_VIEW_NAME ? raw.slice(0, MAX_VIEW_NAME) : raw;
    const checked = checkPivotConfig(v.config, `保存的透视视图“${name}”`);
    notices.push(...checked.notices);
    if (!checked.value) return;
    if (views.some((x) => x.name === name)) {
      const base = name;
      for (let n = 2; views.some((x) => x.name === name); n++) name = `${base} (${n})`;
      notices.push(`保存的透视视图“${base}”重名，已改名为“${name}”`);
    }
    views.push({ name, config: checked.value });
  });
  return { value: views, notices };
}

const ITEM_KIND_LABELS: Record<string, string> = {
  overview: '总览', pivot: '透视表', trend: '趋势图', ranking: '乡镇排名', boards: '红黑榜',
  townshipCompare: '乡镇对比', unitCompare: '村（社区）对比', yearOverYear: '年度对比', judge: '观摩评比', judgeHistory: '历次评比名次',
  nearStar: '冲星名单', planAttainment: '规划完成', weakConversion: '软弱涣散整顿',
};

/**
 * One briefing item from untrusted JSON: its pivot checked like a saved view, its measures
 * against the catalog; null (with a notice) when the item cannot be shown at all.
 */
export function checkBriefingItem(json: unknown, index: number): Checked<BriefingItem | null> {
  const spec = isObj(json) && isObj(json.spec) ? json.spec : null;
  const kind = spec && typeof spec.kind === 'string' ? spec.kind : '';
  const title = isObj(json) && typeof json.title === 'string' && json.title.trim() ? json.title.trim() : '';
  const name = `“${describe(title || ITEM_KIND_LABELS[kind] || `第 ${index + 1} 段`)}”`;
  const where = `简报段落${name}`;
  if (!spec || !(kind in ITEM_KIND_LABELS)) {
    return { value: null, notices: [`已忽略简报中无法识别的段落${name}`] };
  }
  const notices: string[] = [];
  let patched: Record<string, unknown> = json as Record<string, unknown>;
  if (kind === 'pivot') {
    const pivot = checkPivotConfig(spec.pivot, `${where}的透视表`);
    notices.push(...pivot.notices);
    if (!pivot.value) return { value: null, notices };
    patched = { ...patched, spec: { kind: 'pivot', pivot: pivot.value } };
  }
  const measureOk = (m: unknown) => m == null || knownMeasure(m) != null;
  if (kind === 'trend' && !measureOk(spec.measure)) notices.push(`${where}中的未知指标“${describe(spec.measure)}”已改用默认指标`);
  if (kind === 'townshipCompare') {
    for (const m of Array.isArray(spec.measures) ? spec.measures : []) {
      if (!measureOk(m)) notices.push(`已忽略${where}中的未知指标“${describe(m)}”`);
    }
    if (!measureOk(spec.lineMeasure)) notices.push(`${where}中的未知指标“${describe(spec.lineMeasure)}”已改用三星以上占比`);
  }
  // The briefing model reads the rest (and drops what it cannot show).
  const item = parseBriefing({ items: [patched] }).items[0] ?? null;
  if (!item) {
    const m = kind === 'ranking' || kind === 'boards' ? spec.measure : undefined;
    notices.push(m !== undefined && !measureOk(m)
      ? `已忽略${where}：未知指标“${describe(m)}”`
      : `已忽略简报中无法识别的段落${name}`);
  }
  return { value: item, notices };
}

/** The briefing from untrusted JSON (localStorage, a workspace's 'briefings' part), every item checked. */
export function checkBriefing(json: unknown): Checked<Briefing> {
  if (json == null) return { value: emptyBriefing(), notices: [] };
  if (!isObj(json)) return { value: emptyBriefing(), notices: ['已忽略无法识别的简报'] };
  const notices: string[] = [];
  const items: BriefingItem[] = [];
  if (json.items != null && !Array.isArray(json.items)) notices.push('已忽略简报中无法识别的段落列表');
  (Array.isArray(json.items) ? json.items : []).forEach((raw, i) => {
    const checked = checkBriefingItem(raw, i);
    notices.push(...checked.notices);
    if (checked.value) items.push(checked.value);
  });
  return { value: parseBriefing({ ...json, items }), notices };
}

/** Remembered import mappings: for each header signature, the field of each column (null: not assigned). */
export type ImportMappings = Record<string, Array<FieldId | null>>;

/**
 * Column mappings from untrusted JSON (the 'import-mappings' part, localStorage): a field this
 * version does not know becomes "not assigned", an entry that is not a list of fields is dropped.
 */
export function checkImportMappings(json: unknown): Checked<ImportMappings> {
  if (json == null) return { value: {}, notices: [] };
  if (!isObj(json)) return { value: {}, notices: ['已忽略无法识别的导入列对应关系'] };
  const notices: string[] = [];
  const value: ImportMappings = {};
  for (const [signature, fields] of Object.entries(json)) {
    if (!Array.isArray(fields)) {
      notices.push(`已忽略无法识别的导入列对应关系“${describe(signature)}”`);
      continue;
    }
    value[signature] = fields.map((f) => {
      if (f === null || (typeof f === 'string' && (FIELD_IDS as readonly string[]).includes(f))) return f as FieldId | null;
      notices.push(`已忽略导入列对应关系中的未知字段“${describe(f)}”`);
      return null;
    });
  }
  return { value, notices };
}

/** Score rules (满分, 获星分数) the user set in the import dialog, by header signature. */
export type ImportScoreRules = Record<string, { max: number; threshold: number; inclusive: boolean }>;

/** Saved score rules: positive numbers, the threshold not above the maximum; others are dropped with a notice. */
export function checkImportScoreRules(json: unknown): Checked<ImportScoreRules> {
  if (json == null) return { value: {}, notices: [] };
  if (!isObj(json)) return { value: {}, notices: ['已忽略无法识别的得分判定规则'] };
  const notices: string[] = [];
  const value: ImportScoreRules = {};
  for (const [signature, rule] of Object.entries(json)) {
    const r = isObj(rule) ? rule : {};
    const max = Number(r.max);
    const threshold = Number(r.threshold);
    if (!(Number.isFinite(max) && Number.isFinite(threshold) && max > 0 && threshold > 0 && threshold <= max)) {
      notices.push(`已忽略无法识别的得分判定规则“${describe(signature)}”`);
      continue;
    }
    value[signature] = { max, threshold, inclusive: r.inclusive !== false };
  }
  return { value, notices };
}

/** Notices as one message: the first few, then how many more. */
export function specNoticeText(notices: readonly string[], shown = 3): string {
  if (notices.length === 0) return '';
  const head = notices.slice(0, shown).join('；');
  return notices.length > shown ? `${head}；另有 ${notices.length - shown} 处类似问题。` : `${head}。`;
}
