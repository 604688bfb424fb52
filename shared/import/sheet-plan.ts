/**
 * Everything decided once per sheet before its rows are read: which column holds which
 * field, the star columns and their parsers, the extra columns, where the period comes from,
 * the county and township defaults, merged cells, the rows that hold data, and the sheet
 * problems found on the way (township or kind inferred, no star columns, codes in
 * scientific notation). The per-row interpreter (rating-row.ts) reads a plan and never
 * rebuilds any of it; it only updates the counters noted below (name tallies, extras seen).
 */
import { periodKey, type Period } from '../period.ts';
import { STARS, appliesTo, type StarDef, type UnitKind } from '../stars.ts';
import { NameColumn } from './cell-checks.ts';
import { extraColumns, type ExtraCol } from './extra-columns.ts';
import { applyScoreRules, pairStarColumns, starColumnSet, type ScoreColumn, type SheetScores } from './score-columns.ts';
import type { ScoreRule } from './score-rule.ts';
import type { HeaderColumn, HeaderInfo } from './header.ts';
import { cellToString, normalizeName } from './normalize.ts';
import { fileStem, inferPeriod, type InferredPeriod } from './period-infer.ts';
import { memo, mergedCellGetter, rowIsBlank, type CellGetter } from './sheet-cells.ts';
import { parseStarList, type StarList } from './star-list.ts';
import { townshipFromText } from './township-text.ts';
import { scoreProblems } from './score-problems.ts';
import { wideLayout, type PeriodBlock, type WideLayout } from './wide-layout.ts';
import {
  mangledCodes, parseBool, parseKind, parseLevel, parseMark, parseNumber, parseQuarter, parseTargetLevel, parseUnitCode,
  parseYear, type Parsed, type PeriodParts,
} from './values.ts';
import { isNoteText, isTotalLabel, problems, type Place } from './validate.ts';
import type { FieldId, PeriodSource, Problem, RawCell, RawSheet } from './types.ts';

/** The county of a sheet's rows: `defaultCounty` unless `useColumn` and the row's county cell says otherwise. */
export interface SheetCounty {
  defaultCounty: string;
  useColumn: boolean;
}

/** A cell parser memoised per distinct value. */
export type CellParser<T> = (c: RawCell | undefined) => Parsed<T>;

export interface StarColumn {
  star: StarDef;
  col: HeaderColumn;
  parse: CellParser<boolean | null>;
  applies: Record<UnitKind, boolean>;
  /** True when `col` lists the stars held in one cell (已获星级); every star then shares it. */
  list?: boolean;
  /** The star's score column and its rule (score-columns.ts): the score decides the star. */
  score?: ScoreColumn;
  /** True when the star has a score column but no mark column: `col` is then the score column. */
  markless?: boolean;
}

/** Where a row's period comes from: the user, a 期间 column, 年度/季度 columns, or the sheet (name, title, file). */
export type PeriodMode = 'user' | 'period' | 'yq' | 'sheet';

type Col = HeaderColumn | undefined;

/** The first column of each rating field; the name column is always there when a header was found. */
export interface SheetColumns {
  name: HeaderColumn;
  township: Col;
  county: Col;
  kind: Col;
  level: Col;
  code: Col;
  period: Col;
  year: Col;
  quarter: Col;
  target: Col;
  weak: Col;
  income: Col;
  score: Col;
}

export interface SheetParsers {
  level: CellParser<number | null>;
  kind: CellParser<UnitKind | null>;
  quarter: CellParser<PeriodParts | null>;
  year: CellParser<number | null>;
  target: CellParser<number | null>;
  flag: CellParser<boolean | null>;
  income: CellParser<number | null>;
  score: CellParser<number | null>;
  code: CellParser<string | null>;
}

export interface SheetPlan {
  sheet: RawSheet;
  header: HeaderInfo;
  /** A place in this sheet, for problems. */
  place: (row: number | null, column?: string | null, value?: string | null) => Place;
  /** Reads a cell, merged cells filled in. */
  cell: CellGetter;
  cols: SheetColumns;
  starCols: StarColumn[];
  /** The stars of each kind that no column holds. */
  missingStars: Record<UnitKind, StarDef[]>;
  /** Their `seen` flags are set as rows are read. */
  extraCols: ExtraCol[];
  parsers: SheetParsers;
  /** Name readers; they also tally, per data row, where normalization changed a name. */
  nameReader: NameColumn;
  townshipReader: NameColumn | null;
  /** Only when the county column is used (see county.ts). */
  countyReader: NameColumn | null;
  mode: PeriodMode;
  /** What the sheet name, title rows and file name say about the period. */
  inferred: InferredPeriod;
  userPeriod: Period | null;
  /** The sheet's period known before any row is read (the user's, or the inferred one in 'sheet' mode). */
  period: string | null;
  periodSource: PeriodSource | null;
  defaultCounty: string;
  /** From the sheet name, title or file name when there is no township column; else ''. */
  defaultTownship: string;
  /** The last row (0-based) that is not blank; data rows are header.dataStart … last. */
  last: number;
  /** Rows from the header to the last non-blank row. */
  rowsRead: number;
  /** 行政区划代码 cells Excel turned into scientific notation: those rows go by name. */
  untrustedCodes: Set<RawCell> | null;
  /** The name column's header as a name would read, to spot repeated header rows. */
  nameHeaderText: string;
  /** "file / sheet / 第" for source_row. */
  sourcePrefix: string;
  /** Sheet problems found while planning, in order. */
  problems: Problem[];
  /**
   * Quarters side by side (wide-layout.ts): the blocks to read each row under, or why the
   * layout is unclear; null for an ordinary sheet.
   */
  wide: WideLayout | null;
  /** Set on the per-block plans of a wide sheet (blockPlans): which block this plan reads. */
  block?: { index: number; block: PeriodBlock };
  /** Reads a star-list cell (已获星级), memoised; used when starCols are list columns. */
  starList: (c: RawCell | undefined) => StarList;
  /** Star scores: whether the sheet has any, their rule, or the columns whose maximum is unknown (nothing is read then). */
  scores: SheetScores;
}


/** One StarColumn per star, all reading the star-list column `col`. */
function listColumns(col: HeaderColumn): StarColumn[] {
  return STARS.map((star) => ({
    star, col, parse: memo(parseMark), list: true,
    applies: { village: appliesTo(star.id, 'village'), community: appliesTo(star.id, 'community') },
  }));
}


/** The township named by the sheet name, a title row or the file name (first that names one). */
function inferTownship(sheet: RawSheet, header: HeaderInfo): { township: string; from: string } | null {
  const sources: Array<[string, string]> = [
    [sheet.sheet, `工作表名"${sheet.sheet}"`],
    ...header.preamble.map((t): [string, string] => [t, '标题']),
    [fileStem(sheet.file), `文件名"${sheet.file}"`],
  ];
  for (const [text, from] of sources) {
    const t = townshipFromText(text);
    if (t) return { township: t, from };
  }
  return null;
}

/** The plan for a sheet whose header was found. */
export function planSheet(
  sheet: RawSheet, header: HeaderInfo, county: SheetCounty, userPeriod: Period | null, scoreRule: ScoreRule | null = null,
): SheetPlan {
  const { file } = sheet;
  const sheetName = sheet.sheet;
  const place = (row: number | null, column: string | null = null, value: string | null = null): Place => ({
    file, sheet: sheetName, row, column, value,
  });

  const byField = new Map<FieldId, HeaderColumn>();
  for (const c of header.columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c);
  const col = (f: FieldId): Col => byField.get(f);
  const cols: SheetColumns = {
    name: col('name')!,
    township: col('township'),
    county: col('county'),
    kind: col('kind'),
    level: col('level'),
    code: col('unit_code'),
    period: col('period'),
    year: col('year'),
    quarter: col('quarter'),
    target: col('target_level'),
    weak: col('weak_branch'),
    income: col('collective_income'),
    score: col('score'),
  };
  // Each star's mark column and score column (支部过硬星 √ beside 支部过硬星得分) read together.
  let starCols = pairStarColumns(header.columns);
  // Stars listed in one cell (已获星级) when no column holds a single star's mark.
  const listCol = header.columns.find((c) => c.starList && c.field == null) ?? null;
  const useList = listCol != null && starCols.length === 0;
  if (useList) starCols = listColumns(listCol);

  // Period: the user's choice, else columns, else sheet name → title rows → file name.
  const inferred: InferredPeriod = inferPeriod([
    { source: 'sheet', text: sheetName },
    ...header.preamble.map((text) => ({ source: 'title' as const, text })),
    { source: 'file', text: fileStem(file) },
  ]);
  // Quarters side by side: each block's star, 星级 and score columns are read per block.
  const wide = wideLayout(header.columns, inferred, userPeriod, cols.year != null && !userPeriod, { sheet: sheetName, file });
  let extraCols: ExtraCol[];
  if (wide) {
    const blockCols = new Set<HeaderColumn>();
    if (wide.ok) {
      for (const b of wide.blocks) {
        for (const sc of b.starCols) blockCols.add(sc.col);
        if (b.level) blockCols.add(b.level);
        if (b.score) blockCols.add(b.score);
      }
      starCols = wide.blocks[0].starCols;
      cols.level = wide.blocks[0].level;
      cols.score = wide.blocks[0].score;
    } else for (const c of wide.columns) blockCols.add(c);
    const rest = header.columns.filter((c) => !blockCols.has(c));
    const restByField = new Map<FieldId, HeaderColumn>();
    for (const c of rest) if (c.field && !restByField.has(c.field)) restByField.set(c.field, c);
    extraCols = extraColumns(rest, restByField);
  } else extraCols = extraColumns(useList ? header.columns.filter((c) => c !== listCol) : header.columns, byField);
  // A star's second column (its score beside its mark) is read, not kept as an extra.
  const starColSet = starColumnSet(wide?.ok ? wide.blocks.map((b) => b.starCols) : [starCols]);
  extraCols = extraCols.filter((x) => !starColSet.has(x.col));
  const hasStar = new Set(starCols.map((sc) => sc.star.id));
  const missingFor = (kind: UnitKind): StarDef[] => STARS.filter((st) => st.kinds.includes(kind) && !hasStar.has(st.id));
  const missingStars: Record<UnitKind, StarDef[]> = { village: missingFor('village'), community: missingFor('community') };

  const mode: PeriodMode = userPeriod ? 'user' : cols.period ? 'period' : cols.year || cols.quarter ? 'yq' : 'sheet';
  let period: string | null = null;
  let periodSource: PeriodSource | null = null;
  if (mode === 'user') {
    period = periodKey(userPeriod!);
    periodSource = 'user';
  } else if (mode === 'sheet' && inferred.period) {
    period = periodKey(inferred.period);
    periodSource = inferred.source;
  }
  if (wide) {
    // Each block has its own period: the sheet's is that of the first rating read.
    period = null;
    periodSource = null;
  }

  // County (decided per file, see county.ts) and township defaults.
  let defaultTownship = '';
  const sheetProblems: Problem[] = [];
  if (!cols.township) {
    const t = inferTownship(sheet, header);
    if (t) {
      defaultTownship = t.township;
      sheetProblems.push(problems.townshipInferred(place(null), t.township, t.from));
    }
  }
  if (!cols.kind) sheetProblems.push(problems.kindInferred(place(null)));
  if (starCols.length === 0 && (!wide || wide.ok)) sheetProblems.push(problems.starsMissing(place(null)));

  const cell = mergedCellGetter(sheet, header.dataStart);
  const rows = sheet.rows;
  let last = rows.length - 1;
  while (last >= header.dataStart && rowIsBlank(rows[last])) last--;

  // Star scores: columns of numbers become score columns, each with its rule (score-columns.ts).
  const nameHeaderText = normalizeName(header.columns[cols.name.index].label.split(' / ').pop() ?? '');
  let dataRows: number[] | null = null;
  // Lazily: a √ column is told from a score column by its first mark; only score columns are read whole.
  const dataCells = function* (c: HeaderColumn, unitsOnly: boolean): Generator<RawCell> {
    if (!unitsOnly) {
      for (let r = header.dataStart; r <= last; r++) yield cell(rows[r] ?? [], r, c);
      return;
    }
    dataRows ??= unitRows(sheet, header, cols, cell, last, nameHeaderText);
    for (const r of dataRows) yield cell(rows[r] ?? [], r, c);
  };
  const scores = applyScoreRules(wide?.ok ? wide.blocks.map((b) => b.starCols) : [starCols], dataCells, scoreRule);
  if (scores.scored && !scores.unknown) sheetProblems.push(scoreProblems.ruleUsed(place(null), scores, cols.score?.label ?? null));

  // Codes Excel turned into scientific notation: one warning, and those rows go by name.
  let untrustedCodes: Set<RawCell> | null = null;
  if (cols.code) {
    const cells: RawCell[] = [];
    for (let r = header.dataStart; r <= last; r++) cells.push(cell(rows[r] ?? [], r, cols.code));
    const mangled = mangledCodes(cells);
    if (mangled.count > 0) {
      untrustedCodes = mangled.bad;
      sheetProblems.push(problems.codeScientific(place(null, cols.code.label, cellToString(mangled.example)), mangled.count));
    }
  }

  return {
    sheet,
    header,
    place,
    cell,
    cols,
    starCols,
    missingStars,
    extraCols,
    parsers: {
      level: memo(parseLevel),
      kind: memo(parseKind),
      quarter: memo(parseQuarter),
      year: memo(parseYear),
      target: memo(parseTargetLevel),
      flag: memo(parseBool),
      income: memo(parseNumber, 1024),
      score: memo(parseNumber, 1024),
      code: memo(parseUnitCode, 0),
    },
    // Names get one spelling; where that changed a cell, one warning per column (sheet-findings.ts).
    nameReader: new NameColumn(cols.name),
    townshipReader: cols.township ? new NameColumn(cols.township) : null,
    countyReader: cols.county && county.useColumn ? new NameColumn(cols.county) : null,
    mode,
    inferred,
    userPeriod,
    period,
    periodSource,
    defaultCounty: county.defaultCounty,
    defaultTownship,
    last,
    rowsRead: Math.max(0, last - header.dataStart + 1),
    untrustedCodes,
    nameHeaderText,
    sourcePrefix: `${file} / ${sheetName} / 第`,
    problems: sheetProblems,
    wide,
    starList: memo(parseStarList),
    scores,
  };
}

/**
 * The rows that hold units (not blank, not 合计 or notes, not a repeated header), for looking
 * at a column's values before the rows are read.
 */
function unitRows(
  sheet: RawSheet, header: HeaderInfo, cols: SheetColumns, cell: CellGetter, last: number, nameHeaderText: string,
): number[] {
  const out: number[] = [];
  for (let r = header.dataStart; r <= last; r++) {
    const row = sheet.rows[r];
    if (rowIsBlank(row)) continue;
    let first = '';
    for (const c of row) {
      const t = cellToString(c).trim();
      if (t !== '') {
        first = t;
        break;
      }
    }
    const name = normalizeName(cellToString(cell(row, r, cols.name)));
    const township = normalizeName(cellToString(cell(row, r, cols.township)));
    if (isTotalLabel(first) || isNoteText(first) || isTotalLabel(name) || isTotalLabel(township) || name === nameHeaderText) continue;
    out.push(r);
  }
  return out;
}

/**
 * One plan per block of a wide sheet: the block's star, 星级 and score columns and its
 * period; the sheet's readers, counters and problems are shared with `plan`.
 */
export function blockPlans(plan: SheetPlan): SheetPlan[] {
  if (!plan.wide || !plan.wide.ok) return [plan];
  const { blocks } = plan.wide;
  return blocks.map((block, index): SheetPlan => {
    const p = block.period;
    // No year in the group, the sheet or the user's choice, but a 年度 column: the year per row ('yq').
    const mode: PeriodMode = p.year === 0 ? 'yq' : 'sheet';
    const inferred: InferredPeriod = mode === 'yq'
      ? { ...plan.inferred, quarter: p.quarter ?? 'annual', quarterSource: 'column' }
      : {
        period: p, source: block.source, year: p.year, yearSource: block.source, quarter: p.quarter ?? 'annual', quarterSource: 'column',
      };
    const ownGroup = (x: ExtraCol) => x.col.group == null || normalizeName(x.col.group) === normalizeName(block.label);
    return {
      ...plan,
      cols: { ...plan.cols, level: block.level, score: block.score, period: undefined, quarter: undefined },
      starCols: block.starCols,
      missingStars: block.missingStars,
      extraCols: plan.extraCols.filter(ownGroup),
      mode,
      inferred,
      period: mode === 'sheet' ? periodKey(p) : null,
      periodSource: mode === 'sheet' ? block.source : null,
      block: { index, block },
    };
  });
}

