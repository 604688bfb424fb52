/**
 * The format-independent half of the import: RawSheet[] in, normalized ratings and a
 * report out. Header detection (header.ts), column synonyms (synonyms.ts), value parsers
 * (values.ts), period inference (period-infer.ts) and the rules and messages (validate.ts)
 * come together here.
 *
 * Policy, in short:
 *  - Rejected (error, not loaded): no name; no township; no usable period; a star mark or
 *    level that cannot be read; the second row for the same unit and period in one import.
 *  - Loaded with a warning: declared level ≠ stars marked (the stars win); 支部过硬星 without
 *    the other four (capstoneRule); a star marked for a kind it does not apply to (ignored);
 *    secondary fields (target, 软弱涣散, income, score, code) that cannot be read (left empty).
 *  - Level-only sheets (no star columns): the level is taken as given and every star is
 *    null (unknown); a sheet-level warning says so. With some but not all star columns the
 *    missing stars are null and the level comes from the 星级 column when there is one.
 *  - Skipped (counted, reported as warnings): 合计/小计/总计/总数 rows, blank rows inside the
 *    table (trailing blank rows are not data and are not counted), notes under the table
 *    ("注：…", "填表人：…"), repeated header rows. Sheets without a recognisable header are
 *    skipped with a warning; when no sheet of a file has one, that is an error (no_header).
 *  - County, township and unit names get one spelling before the unit id is computed
 *    (normalize.ts normalizeName: NFKC, no zero-width or bidi characters, no spaces between
 *    Chinese characters); one warning per sheet and column says where that changed a name.
 *    All other free text is data: kept exactly, only outer whitespace trimmed.
 *  - The county of each file is decided before its rows are read (county.ts).
 *  - A 行政区划代码 column that Excel turned into scientific notation gets one warning, and
 *    those rows are identified by county, township and name instead (values.ts mangledCodes).
 *  - Extra columns (党员人数, 网格员, 备注 …: every column no rating field stores, see
 *    extraColumns) are kept per accepted row as ExtraValues, named by their header; only
 *    非空 cells are kept. The mapping editor's 'ignore' drops a column entirely.
 *
 * Speed: column parsers are chosen once per sheet and memoised per distinct cell value, so
 * the per-row work is a few Map lookups; no regex is built per cell and nothing is O(n²).
 */
import { comparePeriods, parsePeriodKey, periodKey, type Period } from '../period.ts';
import { STARS, appliesTo, type StarDef, type StarId, type UnitKind } from '../stars.ts';
import { findReplacementChars, NameColumn } from './cell-checks.ts';
import { matchCountyPrefix, resolveFileCounties, type CountyOptions, type FileCountyEvidence } from './county.ts';
import { encodingLabel } from './decode.ts';
import { detectHeader, type HeaderColumn, type HeaderInfo } from './header.ts';
import { cellToString, cleanText, isBlank, normalizeKey, normalizeName } from './normalize.ts';
import { fileStem, inferPeriod, lessTrusted, type InferredPeriod } from './period-infer.ts';
import { FIELD_IDS, headerKey } from './synonyms.ts';
import {
  kindFromName, mangledCodes, parseBool, parseKind, parseLevel, parseMark, parseNumber, parseQuarter, parseTargetLevel,
  parseUnitCode, parseYear, type Parsed,
} from './values.ts';
import { fastUnitId, isNoteText, isTotalLabel, problems, type Place } from './validate.ts';
import type {
  ExtraValue, FieldId, ImportReport, NormalizedRating, PeriodSource, Problem, RawCell, RawSheet, SheetReport,
} from './types.ts';

export { headerSignature } from './synonyms.ts';
export { countyFromText } from './county.ts';

/**
 * `county` (one county for every file, the CLI's --county), `countyByFile` (the user's
 * correction for one file) and `knownCounties` (the workspace's counties): see county.ts.
 */
export interface InterpretOptions extends CountyOptions {
  /** The period chosen by the user: overrides columns, sheet names, titles and file names. */
  period?: Period;
  /** Warn when 支部过硬星 is held without the other four stars (default true). */
  capstoneRule?: boolean;
  /** User-assigned mappings, by headerSignature of the header as SheetReport.mapping shows it. */
  mappings?: Record<string, Array<FieldId | null>>;
}

export interface InterpretResult {
  ratings: NormalizedRating[];
  report: ImportReport;
}

// ───────────────────────── helpers ─────────────────────────

/** Memoise a pure cell parser per distinct value (cells repeat: √, ×, 三星, 城关镇 …). */
function memo<T>(fn: (c: RawCell) => T, limit = 8192): (c: RawCell | undefined) => T {
  const cache = new Map<string | number | boolean, T>();
  let nullValue: T | undefined;
  let hasNull = false;
  return (c) => {
    if (c == null) {
      if (!hasNull) {
        nullValue = fn(null);
        hasNull = true;
      }
      return nullValue as T;
    }
    if (typeof c === 'object') return fn(c);
    let r = cache.get(c);
    if (r === undefined) {
      r = fn(c);
      if (cache.size < limit) cache.set(c, r);
    }
    return r;
  };
}

function isBlankCell(c: RawCell | undefined): boolean {
  if (c == null) return true;
  if (typeof c === 'string') return c.length === 0 || cleanText(c).length === 0;
  return false;
}

function rowIsBlank(row: RawCell[] | undefined): boolean {
  if (!row) return true;
  for (let i = 0; i < row.length; i++) if (!isBlankCell(row[i])) return false;
  return true;
}

const CJK = '\\u4e00-\\u9fa5';
const LEADING_PERIOD = /^\d{4}年度?(?:第?[一二三四1-4]季度)?/;
const TOWNSHIP_RE = new RegExp(`^([${CJK}]{2,6}?(?:镇|乡|街道))(?![镇乡村])`);

/** "城关镇" / "XX县城关镇2024年三季度台账" → "城关镇". */
export function townshipFromText(text: string): string | null {
  let t = normalizeKey(text);
  const c = matchCountyPrefix(t);
  if (c) t = t.slice(c[0].length);
  t = t.replace(LEADING_PERIOD, '');
  const m = TOWNSHIP_RE.exec(t);
  if (!m || m[1].includes('乡镇') || /^[各全本]/.test(m[1])) return null;
  return normalizeName(m[1]);
}

const STAR_BY_ID = new Map(STARS.map((s) => [s.id, s] as const));

/** Fields the header recognises but no rating column stores: their columns are kept as extras. */
const UNSTORED_FIELDS: ReadonlySet<FieldId> = new Set<FieldId>(['rank', 'award', 'guide', 'remark']);
/** Fields a rating (or its unit, or its period) is read from. */
const STORED_FIELDS: ReadonlySet<string> = new Set(FIELD_IDS.filter((f) => !UNSTORED_FIELDS.has(f) && f !== 'ignore'));
/** Row numbers carry nothing about the unit: not kept. */
const ROW_NUMBER_KEYS: ReadonlySet<string> = new Set(['序号']);

interface ExtraCol {
  col: HeaderColumn;
  name: string;
  parse: (c: RawCell | undefined) => Parsed<number | null>;
  /** A value was kept from this column (for the report). */
  seen: boolean;
}

/**
 * The extra columns of a sheet: unmapped columns, columns of fields no rating stores
 * (排名, 奖项, 指导员, 备注), a second column for a field another column already
 * fills, and a column mapped to a field id this version does not know. Not row numbers (序号) and not columns the user set to 'ignore'. Each is named by
 * its header as shown ("N列" for a blank header); repeated names get "（2）", "（3）".
 */
function extraColumns(columns: readonly HeaderColumn[], byField: ReadonlyMap<FieldId, HeaderColumn>): ExtraCol[] {
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
const STAR_ID_SET = new Set<string>(STARS.map((s) => s.id));

interface UnitRec {
  id: string;
  /** Period number (year*5 + quarter, 0 = annual) → where it was first loaded (sheet index * 2^32 + Excel row). */
  periods: Map<number, number>;
}

interface Ctx {
  options: InterpretOptions;
  capstone: boolean;
  ratings: NormalizedRating[];
  /** Every sheet interpreted so far, by index, for decoding `seen`. */
  sheetRefs: Array<{ file: string; sheet: string }>;
  problems: Array<{ p: Problem; f: number; s: number; seq: number }>;
  seq: number;
  accepted: number;
  rejected: number;
  warnings: number;
  skipped: number;
  /** Units by county → township → name (one lookup per row finds the id and its periods). */
  unitsByName: Map<string, Map<string, Map<string, UnitRec>>>;
  /** Units by 行政区划代码. */
  unitsByCode: Map<string, UnitRec>;
}

function push(ctx: Ctx, f: number, s: number, p: Problem): void {
  ctx.problems.push({ p, f, s, seq: ctx.seq++ });
  if (p.severity === 'warning') ctx.warnings++;
}

type Col = HeaderColumn | undefined;

// ───────────────────────── one sheet ─────────────────────────

/** The county of a sheet's rows: `defaultCounty` unless `useColumn` and the row's county cell says otherwise. */
interface SheetCounty {
  defaultCounty: string;
  useColumn: boolean;
}

function interpretSheet(
  sheet: RawSheet, header: HeaderInfo, county: SheetCounty, f: number, s: number, ctx: Ctx,
): { report: SheetReport; found: boolean; empty: boolean } {
  const { file } = sheet;
  const sheetName = sheet.sheet;
  const place = (row: number | null, column: string | null = null, value: string | null = null): Place => ({
    file, sheet: sheetName, row, column, value,
  });
  if (!header.found) {
    return {
      report: {
        name: sheetName, period: null, period_source: null, header_row: null, rows_read: 0, skipped: true,
        // The most header-like row, so the user can assign the columns by hand.
        mapping: header.columns.map((c) => ({ column: c.label, field: c.field })),
      },
      found: false,
      empty: sheet.rows.every((r) => rowIsBlank(r)),
    };
  }

  const byField = new Map<FieldId, HeaderColumn>();
  for (const c of header.columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c);
  const col = (f: FieldId): Col => byField.get(f);
  const nameCol = col('name')!;
  const townshipCol = col('township');
  const countyCol = col('county');
  const kindCol = col('kind');
  const levelCol = col('level');
  const codeCol = col('unit_code');
  const periodCol = col('period');
  const yearCol = col('year');
  const quarterCol = col('quarter');
  const targetCol = col('target_level');
  const weakCol = col('weak_branch');
  const incomeCol = col('collective_income');
  const scoreCol = col('score');
  const extraCols = extraColumns(header.columns, byField);
  const starCols: Array<{
    star: StarDef; col: HeaderColumn; parse: (c: RawCell | undefined) => Parsed<boolean | null>; applies: Record<UnitKind, boolean>;
  }> = [];
  for (const c of header.columns) {
    if (c.field && STAR_ID_SET.has(c.field) && byField.get(c.field) === c) {
      const star = STAR_BY_ID.get(c.field as StarId)!;
      const applies = { village: appliesTo(star.id, 'village'), community: appliesTo(star.id, 'community') };
      starCols.push({ star, col: c, parse: memo(parseMark), applies });
    }
  }
  const hasStar = new Set(starCols.map((sc) => sc.star.id));
  const missingFor = (kind: UnitKind): StarDef[] => STARS.filter((st) => st.kinds.includes(kind) && !hasStar.has(st.id));
  const missingStars: Record<UnitKind, StarDef[]> = { village: missingFor('village'), community: missingFor('community') };
  const kindSeen: Record<UnitKind, boolean> = { village: false, community: false };

  // Period: the user's choice, else columns, else sheet name → title rows → file name.
  const inferred: InferredPeriod = inferPeriod([
    { source: 'sheet', text: sheetName },
    ...header.preamble.map((text) => ({ source: 'title' as const, text })),
    { source: 'file', text: fileStem(file) },
  ]);
  const userPeriod = ctx.options.period ?? null;
  const mode: 'user' | 'period' | 'yq' | 'sheet' = userPeriod ? 'user' : periodCol ? 'period' : yearCol || quarterCol ? 'yq' : 'sheet';
  let sheetPeriod: string | null = null;
  let sheetSource: PeriodSource | null = null;
  if (mode === 'user') {
    sheetPeriod = periodKey(userPeriod!);
    sheetSource = 'user';
  } else if (mode === 'sheet' && inferred.period) {
    sheetPeriod = periodKey(inferred.period);
    sheetSource = inferred.source;
  }

  // County (decided per file, see county.ts) and township defaults.
  const { defaultCounty } = county;
  let defaultTownship = '';
  const sheetProblems: Problem[] = [];
  if (!townshipCol) {
    const sources: Array<[string, string]> = [
      [sheetName, `工作表名"${sheetName}"`],
      ...header.preamble.map((t): [string, string] => [t, '标题']),
      [fileStem(file), `文件名"${file}"`],
    ];
    for (const [text, from] of sources) {
      const t = townshipFromText(text);
      if (t) {
        defaultTownship = t;
        sheetProblems.push(problems.townshipInferred(place(null), t, from));
        break;
      }
    }
  }
  if (!kindCol) sheetProblems.push(problems.kindInferred(place(null)));
  if (starCols.length === 0) sheetProblems.push(problems.starsMissing(place(null)));

  // Column parsers, once per sheet.
  const parseLevelM = memo(parseLevel);
  const parseKindM = memo(parseKind);
  const parseQuarterM = memo(parseQuarter);
  const parseYearM = memo(parseYear);
  const parseTargetM = memo(parseTargetLevel);
  const parseBoolM = memo(parseBool);
  const parseIncomeM = memo(parseNumber, 1024);
  const parseScoreM = memo(parseNumber, 1024);
  const parseCodeM = memo(parseUnitCode, 0);
  // Names get one spelling; where that changed a cell, one warning per column (see the end).
  const nameReader = new NameColumn(nameCol);
  const townshipReader = townshipCol ? new NameColumn(townshipCol) : null;
  const countyReader = countyCol && county.useColumn ? new NameColumn(countyCol) : null;

  // Merged cells in the data area show their value on every row they cover.
  let fill: Map<number, RawCell> | null = null;
  const STRIDE = 1 << 14;
  if (sheet.merges && sheet.merges.length > 0) {
    for (const m of sheet.merges) {
      if (m.bottom < header.dataStart || m.right >= STRIDE) continue;
      const v = sheet.rows[m.top]?.[m.left] ?? null;
      if (v == null) continue;
      for (let r = Math.max(m.top, header.dataStart); r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          if (r === m.top && c === m.left) continue;
          fill ??= new Map();
          if (fill.size < 2_000_000) fill.set(r * STRIDE + c, v);
        }
      }
    }
  }
  const get = (row: RawCell[], r: number, c: HeaderColumn | undefined): RawCell => {
    if (!c) return null;
    const v = row[c.index];
    if (v != null) return v;
    return fill ? fill.get(r * STRIDE + c.index) ?? null : null;
  };

  const rows = sheet.rows;
  let last = rows.length - 1;
  while (last >= header.dataStart && rowIsBlank(rows[last])) last--;
  const rowsRead = Math.max(0, last - header.dataStart + 1);

  // Codes Excel turned into scientific notation: one warning, and those rows go by name.
  let untrustedCodes: Set<RawCell> | null = null;
  if (codeCol) {
    const cells: RawCell[] = [];
    for (let r = header.dataStart; r <= last; r++) cells.push(get(rows[r] ?? [], r, codeCol));
    const mangled = mangledCodes(cells);
    if (mangled.count > 0) {
      untrustedCodes = mangled.bad;
      sheetProblems.push(problems.codeScientific(place(null, codeCol.label, cellToString(mangled.example)), mangled.count));
    }
  }
  const nameHeaderText = normalizeName(header.columns[nameCol.index].label.split(' / ').pop() ?? '');
  const blankRows: number[] = [];
  let periodless = 0;
  const rowProblems: Problem[] = [];
  const EMPTY: RawCell[] = [];
  // Reused per row.
  const errors: Problem[] = [];
  const warns: Problem[] = [];
  const marks: Array<boolean | null> = new Array(starCols.length).fill(null);
  const sheetRef = ctx.sheetRefs.length;
  ctx.sheetRefs.push({ file, sheet: sheetName });
  const sourcePrefix = `${file} / ${sheetName} / 第`;

  for (let r = header.dataStart; r <= last; r++) {
    const row = rows[r] ?? EMPTY;
    const excelRow = r + 1;
    if (rowIsBlank(row)) {
      blankRows.push(excelRow);
      ctx.skipped++;
      continue;
    }
    const nameCell = get(row, r, nameCol);
    const townshipCell = get(row, r, townshipCol);
    const name = nameReader.read(nameCell);
    const township = townshipReader ? townshipReader.read(townshipCell) : defaultTownship;

    // 合计 / 小计 rows, repeated headers, notes under the table.
    let firstText = '';
    let firstIdx = -1;
    for (let i = 0; i < row.length; i++) {
      if (!isBlankCell(row[i])) {
        firstText = cleanText(row[i]);
        firstIdx = i;
        break;
      }
    }
    let totalCol: HeaderColumn | null = null;
    let totalValue: string | null = null;
    if (townshipCol && isTotalLabel(township)) [totalCol, totalValue] = [townshipCol, township];
    else if (isTotalLabel(name)) [totalCol, totalValue] = [nameCol, name];
    else if (isTotalLabel(firstText)) [totalCol, totalValue] = [header.columns[firstIdx] ?? null, firstText];
    if (totalValue != null) {
      rowProblems.push(problems.skippedTotal(place(excelRow, totalCol?.label ?? null, totalValue)));
      ctx.skipped++;
      continue;
    }
    if (name === nameHeaderText && name !== '') {
      rowProblems.push(problems.skippedHeader(place(excelRow)));
      ctx.skipped++;
      continue;
    }
    if (name === '' || township === '' || isNoteText(firstText)) {
      let filled = 0;
      for (let i = 0; i < row.length && filled < 3; i++) if (!isBlankCell(row[i])) filled++;
      if (filled <= 2 && isNoteText(firstText)) {
        rowProblems.push(problems.skippedNote(place(excelRow, null, firstText)));
        ctx.skipped++;
        continue;
      }
    }

    // A data row: count the names normalization changed.
    nameReader.tally(nameCell);
    townshipReader?.tally(townshipCell);
    countyReader?.tally(get(row, r, countyCol));

    // Values that reject the row.
    errors.length = 0;
    warns.length = 0;
    if (name === '') errors.push(problems.missingName(place(excelRow, nameCol.label, '')));
    if (township === '') {
      errors.push(townshipCol ? problems.missingTownship(place(excelRow, townshipCol.label, '')) : problems.noTownshipColumn(place(excelRow)));
    }

    // Period.
    let year: number | null = null;
    let quarter: number | null = null;
    let periodOk = true;
    let rowSource: PeriodSource | null = mode === 'user' ? 'user' : inferred.source;
    if (mode === 'user') {
      year = userPeriod!.year;
      quarter = userPeriod!.quarter;
    } else if (mode === 'sheet') {
      if (inferred.period) {
        year = inferred.period.year;
        quarter = inferred.period.quarter;
      } else periodOk = false;
    } else if (mode === 'period') {
      const cell = get(row, r, periodCol);
      const p = parseQuarterM(cell);
      if (!p.ok) {
        errors.push(problems.badPeriod(place(excelRow, periodCol!.label, cellToString(cell)), p.reason === 'out_of_range'));
      } else if (p.value == null) {
        if (inferred.period) {
          year = inferred.period.year;
          quarter = inferred.period.quarter;
        } else errors.push(problems.missingPeriod(place(excelRow, periodCol!.label, '')));
      } else {
        year = p.value.year ?? inferred.year;
        quarter = p.value.quarter;
        rowSource = p.value.year == null ? inferred.yearSource : 'column';
        if (year == null) errors.push(problems.missingPeriod(place(excelRow, periodCol!.label, cellToString(cell))));
      }
    } else {
      const yCell = get(row, r, yearCol);
      const qCell = get(row, r, quarterCol);
      const y = yearCol ? parseYearM(yCell) : null;
      const q = quarterCol ? parseQuarterM(qCell) : null;
      let bad = false;
      if (y && !y.ok) {
        bad = true;
        errors.push(problems.badPeriod(place(excelRow, yearCol!.label, cellToString(yCell)), y.reason === 'out_of_range'));
      }
      if (q && !q.ok) {
        bad = true;
        errors.push(problems.badPeriod(place(excelRow, quarterCol!.label, cellToString(qCell)), q.reason === 'out_of_range'));
      }
      if (!bad) {
        const qv = q && q.ok ? q.value : null;
        const colYear = (y && y.ok ? y.value : null) ?? qv?.year ?? null;
        year = colYear ?? inferred.year;
        const yearSource: PeriodSource | null = colYear != null ? 'column' : inferred.yearSource;
        let quarterSource: PeriodSource | null = 'column';
        let found = year != null;
        if (quarterCol) {
          if (qv) quarter = qv.quarter;
          else if (inferred.quarter != null) {
            quarter = inferred.quarter === 'annual' ? null : inferred.quarter;
            quarterSource = inferred.quarterSource;
          } else found = false;
        } else if (inferred.quarter != null) {
          // A year column and no quarter column: the quarter from the sheet/title/file …
          quarter = inferred.quarter === 'annual' ? null : inferred.quarter;
          quarterSource = inferred.quarterSource;
        } else quarter = null; // … else the annual rating.
        if (!found) {
          const c = quarterCol && !qv ? quarterCol : (yearCol ?? quarterCol)!;
          const cell = c === quarterCol ? qCell : yCell;
          errors.push(problems.missingPeriod(place(excelRow, c.label, cellToString(cell))));
        } else rowSource = lessTrusted(yearSource, quarterSource);
      }
    }

    // Kind.
    let kind: UnitKind;
    if (kindCol) {
      const cell = get(row, r, kindCol);
      const k = parseKindM(cell);
      if (k.ok && k.value) kind = k.value;
      else {
        kind = kindFromName(name);
        warns.push(k.ok ? problems.missingKind(place(excelRow, kindCol.label, ''), kind) : problems.badKind(place(excelRow, kindCol.label, cellToString(cell)), kind));
      }
    } else kind = kindFromName(name);

    // Stars and level.
    for (let i = 0; i < starCols.length; i++) {
      const sc = starCols[i];
      const cell = get(row, r, sc.col);
      const m = sc.parse(cell);
      if (m.ok) marks[i] = m.value;
      else {
        marks[i] = false;
        errors.push(problems.badMark(place(excelRow, sc.col.label, cellToString(cell))));
      }
    }
    let declared: number | null = null;
    const levelCell = levelCol ? get(row, r, levelCol) : null;
    if (levelCol) {
      const l = parseLevelM(levelCell);
      if (l.ok) declared = l.value;
      else errors.push(problems.badLevel(place(excelRow, levelCol.label, cellToString(levelCell)), l.reason === 'out_of_range'));
    }
    const missing = missingStars[kind];
    if (declared == null && starCols.length === 0 && levelCol && errors.length === 0) {
      errors.push(problems.missingLevel(place(excelRow, levelCol.label, '')));
    }

    if (errors.length > 0) {
      ctx.rejected++;
      for (const e of errors) rowProblems.push(e);
      continue;
    }
    if (!periodOk) {
      periodless++;
      ctx.rejected++;
      continue;
    }

    const stars: Record<StarId, boolean | null> = {
      branch: null, industry: null, ecology: null, safety: null, civility: null, cobuild: null, harmony: null, business: null,
    };
    let counted = 0;
    for (let i = 0; i < starCols.length; i++) {
      const { star, col: c, applies } = starCols[i];
      const m = marks[i];
      if (applies[kind]) {
        if (m === null) {
          warns.push(problems.naOnApplicable(place(excelRow, c.label, cellToString(get(row, r, c))), kind, star));
          stars[star.id] = false;
        } else {
          stars[star.id] = m;
          if (m) counted++;
        }
      } else if (m === true) {
        warns.push(problems.starNotApplicable(place(excelRow, c.label, cellToString(get(row, r, c))), kind, name, star));
      }
    }
    kindSeen[kind] = true;
    let level: number;
    if (missing.length === 0) {
      level = counted;
      if (declared != null && declared !== counted) {
        warns.push(problems.levelMismatch(place(excelRow, levelCol!.label, cellToString(levelCell)), counted));
      }
    } else if (declared != null) {
      level = declared;
      if (counted > declared) {
        warns.push(problems.levelMismatch(place(excelRow, levelCol!.label, cellToString(levelCell)), counted));
        level = counted;
      }
    } else level = counted;

    if (ctx.capstone && missing.length === 0 && stars.branch === true && counted < 5) {
      const lacking = STARS.filter((st) => st.id !== 'branch' && st.kinds.includes(kind) && stars[st.id] !== true);
      const bc = starCols.find((sc) => sc.star.id === 'branch')!.col;
      warns.push(problems.capstone(place(excelRow, bc.label, cellToString(get(row, r, bc))), name, lacking));
    }

    // Secondary fields: unreadable → left empty with a warning.
    let unitId: string | null = null; // from 行政区划代码
    let unit: UnitRec | undefined;
    const codeCell = codeCol ? get(row, r, codeCol) : null;
    if (codeCol && !untrustedCodes?.has(codeCell)) {
      const cell = codeCell;
      const c = parseCodeM(cell);
      if (c.ok) unitId = c.value;
      else warns.push(problems.badUnitCode(place(excelRow, codeCol.label, cellToString(cell))));
      if (unitId != null) {
        unit = ctx.unitsByCode.get(unitId);
        if (!unit) ctx.unitsByCode.set(unitId, (unit = { id: unitId, periods: new Map() }));
      }
    }
    let county = defaultCounty;
    if (countyReader) {
      const c = countyReader.read(get(row, r, countyCol));
      if (c !== '') county = c;
    }
    if (!unit) {
      let byTownship = ctx.unitsByName.get(county);
      if (!byTownship) ctx.unitsByName.set(county, (byTownship = new Map()));
      let byName = byTownship.get(township);
      if (!byName) byTownship.set(township, (byName = new Map()));
      unit = byName.get(name);
      if (!unit) byName.set(name, (unit = { id: fastUnitId(county, township, name), periods: new Map() }));
    }
    let target: number | null = null;
    if (targetCol) {
      const cell = get(row, r, targetCol);
      const t = parseTargetM(cell);
      if (t.ok) target = t.value;
      else warns.push(problems.badTarget(place(excelRow, targetCol.label, cellToString(cell))));
    }
    let weak: boolean | null = null;
    if (weakCol) {
      const cell = get(row, r, weakCol);
      const w = parseBoolM(cell);
      if (w.ok) weak = w.value;
      else warns.push(problems.badFlag(place(excelRow, weakCol.label, cellToString(cell))));
    }
    let income: number | null = null;
    if (incomeCol) {
      const cell = get(row, r, incomeCol);
      const n = parseIncomeM(cell);
      if (n.ok) income = n.value;
      else warns.push(problems.badNumber(place(excelRow, incomeCol.label, cellToString(cell))));
    }
    let score: number | null = null;
    if (scoreCol) {
      const cell = get(row, r, scoreCol);
      const n = parseScoreM(cell);
      if (n.ok) score = n.value;
      else warns.push(problems.badNumber(place(excelRow, scoreCol.label, cellToString(cell))));
    }

    // One row per unit and period in an import: the first one stays.
    const pnum = year! * 5 + (quarter ?? 0);
    const periods = unit.periods;
    const first = periods.get(pnum);
    if (first !== undefined) {
      const ref = ctx.sheetRefs[Math.floor(first / 2 ** 32)];
      const at = { file: ref.file, sheet: ref.sheet, row: first % 2 ** 32 };
      rowProblems.push(problems.duplicate(place(excelRow, nameCol.label, name), township, { year: year!, quarter }, at));
      ctx.rejected++;
      continue;
    }
    periods.set(pnum, sheetRef * 2 ** 32 + excelRow);

    let extras: ExtraValue[] | undefined;
    for (let i = 0; i < extraCols.length; i++) {
      const x = extraCols[i];
      const cell = get(row, r, x.col);
      if (isBlank(cell)) continue;
      const n = x.parse(cell);
      (extras ??= []).push({ name: x.name, text: cleanText(cell), num: n.ok ? n.value : null });
      x.seen = true;
    }

    const rating: NormalizedRating = {
      unit_id: unit.id,
      county,
      township,
      name,
      kind,
      year: year!,
      quarter,
      stars,
      level,
      target_level: target,
      weak_branch: weak,
      collective_income: income,
      score,
      source_row: sourcePrefix + excelRow + '行',
    };
    if (extras) rating.extras = extras;
    ctx.ratings.push(rating);
    ctx.accepted++;
    if (sheetPeriod == null) {
      sheetPeriod = periodKey({ year: year!, quarter });
      sheetSource = rowSource;
    }
    for (const w of warns) rowProblems.push(w);
  }

  // Sheet-level findings, then the rows.
  if (mode === 'sheet' && !inferred.period && rowsRead > 0) {
    sheetProblems.unshift(problems.periodUnknown(place(null), periodless, inferred.year));
  }
  for (const kind of ['village', 'community'] as const) {
    if (kindSeen[kind] && starCols.length > 0 && missingStars[kind].length > 0) {
      sheetProblems.push(problems.starsIncomplete(place(null), kind, missingStars[kind], levelCol != null));
    }
  }
  for (const reader of [countyReader, townshipReader, nameReader]) {
    if (reader && reader.count > 0) {
      sheetProblems.push(problems.nameNormalized(place(null, reader.col.label, reader.examples[0][0]), reader.count, reader.examples));
    }
  }
  if (blankRows.length > 0) sheetProblems.push(problems.skippedBlank(place(null), blankRows));
  if (rowsRead === 0) sheetProblems.push(problems.noRows(place(null), header.headerRow!));
  for (const p of sheetProblems) push(ctx, f, s, p);
  for (const p of rowProblems) push(ctx, f, s, p);

  const kept = extraCols.filter((x) => x.seen).map((x) => x.name);
  return {
    report: {
      name: sheetName,
      period: sheetPeriod,
      period_source: sheetPeriod ? sheetSource : null,
      header_row: header.headerRow,
      rows_read: rowsRead,
      mapping: header.columns.map((c) => ({ column: c.label, field: c.field })),
      skipped: false,
      ...(kept.length ? { extras: kept } : {}),
    },
    found: true,
    empty: false,
  };
}

// ───────────────────────── all sheets ─────────────────────────

/** The distinct counties in a sheet's county column (normalized; no blanks, 合计 rows, notes or repeated headers). */
function countyColumnValues(sheet: RawSheet, header: HeaderInfo): string[] {
  const col = header.columns.find((c) => c.field === 'county');
  if (!col) return [];
  const label = normalizeName(col.label.split(' / ').pop() ?? '');
  const out = new Set<string>();
  for (let r = header.dataStart; r < sheet.rows.length && out.size < 50; r++) {
    const v = normalizeName(cellToString(sheet.rows[r]?.[col.index]));
    if (v !== '' && v !== label && !isTotalLabel(v) && !isNoteText(v)) out.add(v);
  }
  return [...out];
}

/** Interpret every sheet of an import (one or more files) into ratings and a report. */
export function interpretSheets(sheets: RawSheet[], options: InterpretOptions = {}): InterpretResult {
  const ctx: Ctx = {
    options,
    capstone: options.capstoneRule !== false,
    ratings: [],
    sheetRefs: [],
    problems: [],
    seq: 0,
    accepted: 0,
    rejected: 0,
    warnings: 0,
    skipped: 0,
    unitsByName: new Map(),
    unitsByCode: new Map(),
  };
  const files: Array<{ file: string; sheets: SheetReport[]; failed: Array<{ s: number; name: string; empty: boolean }> }> = [];
  const fileIndex = new Map<string, number>();
  // Headers first: the county of every file is decided before any row is read.
  const headers = sheets.map((sheet) => detectHeader(sheet, options.mappings));
  const evidence: FileCountyEvidence[] = [];
  const fileOf: number[] = [];
  const posInFile: number[] = [];
  sheets.forEach((sheet, s) => {
    let f = fileIndex.get(sheet.file);
    if (f === undefined) {
      f = files.length;
      fileIndex.set(sheet.file, f);
      files.push({ file: sheet.file, sheets: [], failed: [] });
      evidence.push({ file: sheet.file, sheets: [] });
    }
    const header = headers[s];
    fileOf.push(f);
    posInFile.push(evidence[f].sheets.length);
    evidence[f].sheets.push({
      name: sheet.sheet,
      preamble: header.found ? header.preamble : [],
      columnValues: header.found ? countyColumnValues(sheet, header) : [],
    });
  });
  const counties = resolveFileCounties(evidence, options);
  counties.forEach((c, f) => {
    const s = fileOf.indexOf(f);
    // Not for a file none of whose sheets could be read: that has its own error.
    if (!c.notice || !headers.some((h, k) => fileOf[k] === f && h.found)) return;
    const p: Place = { file: files[f].file, sheet: '', row: null, column: null, value: null };
    push(ctx, f, s, c.notice.kind === 'assumed' ? problems.countyAssumed({ ...p, value: c.notice.county }, c.notice.county) : problems.countyUnknown(p, c.notice.candidates));
  });

  sheets.forEach((sheet, s) => {
    const f = fileOf[s];
    const entry = files[f];
    for (const p of sheet.notices ?? []) push(ctx, f, s, p);
    const found = findReplacementChars(sheet, headers[s]);
    if (found && sheet.encoding !== undefined) {
      const p: Place = { file: sheet.file, sheet: sheet.sheet, row: found.row, column: found.column, value: found.value };
      push(ctx, f, s, problems.replacementChar(p, found.count, encodingLabel(sheet.encoding)));
    }
    const c = counties[f];
    const county = { defaultCounty: c.sheetDefaults[posInFile[s]], useColumn: c.useColumn };
    const { report, found: headerFound, empty } = interpretSheet(sheet, headers[s], county, f, s, ctx);
    entry.sheets.push(report);
    if (!headerFound) entry.failed.push({ s, name: sheet.sheet, empty });
  });

  files.forEach((entry, f) => {
    if (entry.failed.length === 0) return;
    if (entry.failed.length === entry.sheets.length) {
      const names = entry.failed.map((x) => x.name);
      const p: Place = { file: entry.file, sheet: names.length === 1 ? names[0] : '', row: null, column: null, value: null };
      push(ctx, f, entry.failed[0].s, problems.noHeader(p, names));
    } else {
      for (const x of entry.failed) {
        push(ctx, f, x.s, problems.sheetSkipped({ file: entry.file, sheet: x.name, row: null, column: null, value: null }, x.empty));
      }
    }
  });

  ctx.problems.sort(
    (a, b) =>
      (a.p.severity === b.p.severity ? 0 : a.p.severity === 'error' ? -1 : 1) ||
      a.f - b.f ||
      a.s - b.s ||
      (a.p.row ?? 0) - (b.p.row ?? 0) ||
      a.seq - b.seq,
  );

  const periodSet = new Set<string>();
  const units = new Set<string>();
  for (const r of ctx.ratings) {
    periodSet.add(r.quarter == null ? String(r.year) : `${r.year}Q${r.quarter}`);
    units.add(r.unit_id);
  }
  const periods = [...periodSet].sort((a, b) => comparePeriods(parsePeriodKey(a)!, parsePeriodKey(b)!));
  const extras = [...new Set(files.flatMap((x) => x.sheets.flatMap((sh) => sh.extras ?? [])))];

  return {
    ratings: ctx.ratings,
    report: {
      files: files.map((x, f) => ({ file: x.file, sheets: x.sheets, county: counties[f].county, county_source: counties[f].source })),
      accepted: ctx.accepted,
      rejected: ctx.rejected,
      warnings: ctx.warnings,
      skipped: ctx.skipped,
      periods,
      units: units.size,
      problems: ctx.problems.map((x) => x.p),
      extras,
    },
  };
}
