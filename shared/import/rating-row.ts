/**
 * One data row under its sheet's plan: skipped (blank, 合计, repeated header, note),
 * rejected (with its errors), or a NormalizedRating added to the context with its warnings.
 * Only the plan's parsers and lookups run per row; nothing per sheet is rebuilt here.
 */
import { periodKey } from '../period.ts';
import type { UnitKind } from '../stars.ts';
import type { HeaderColumn } from './header.ts';
import { unitByCode, unitByName, type InterpretContext, type UnitRec } from './interpret-context.ts';
import { cellToString, cleanText, isBlank } from './normalize.ts';
import { rowPeriod } from './row-period.ts';
import { readMarksAndLevel, starsAndLevel, type RowScores } from './row-stars.ts';
import { isBlankCell, rowIsBlank } from './sheet-cells.ts';
import type { CellParser, SheetPlan } from './sheet-plan.ts';
import { kindFromName } from './values.ts';
import { isNoteText, isTotalLabel, problems, type Place } from './validate.ts';
import type { ExtraValue, NormalizedRating, PeriodSource, Problem, RawCell } from './types.ts';

/** What reading a sheet's rows gathers, for its findings and report; plus buffers reused per row. */
export interface SheetRowsState {
  /** This sheet's index in ctx.sheetRefs. */
  sheetRef: number;
  /** Excel numbers of blank rows inside the table. */
  blankRows: number[];
  /** Rows rejected only because the sheet has no period. */
  periodless: number;
  /** Row problems in row order (the sheet findings come before them). */
  problems: Problem[];
  kindSeen: Record<UnitKind, boolean>;
  /** The sheet's period for the report: the plan's, else the first accepted row's. */
  period: string | null;
  periodSource: PeriodSource | null;
  /** Scratch buffers, cleared and refilled for every row (no allocation per row). */
  errors: Problem[];
  warns: Problem[];
  /** One mark per plan.starCols (of the widest block, for wide sheets). */
  marks: Array<boolean | null>;
  /** Star scores and the √ marks beside them, per plan.starCols (sheets with star scores). */
  scored: RowScores;
  /** Wide sheets: unit rows whose group for a period was all empty (no rating there). */
  emptyBlocks: number;
  /** Wide sheets: problems of the current row already reported by an earlier block. */
  rowSeen: Set<string>;
  rowSeenAt: number;
}

/** Registers the sheet in ctx.sheetRefs and starts its row state. */
export function startRows(plan: SheetPlan, ctx: InterpretContext): SheetRowsState {
  const sheetRef = ctx.sheetRefs.length;
  ctx.sheetRefs.push({ file: plan.sheet.file, sheet: plan.sheet.sheet });
  const width = Math.max(plan.starCols.length, ...(plan.wide?.ok ? plan.wide.blocks.map((b) => b.starCols.length) : [0]));
  return {
    sheetRef,
    blankRows: [],
    periodless: 0,
    problems: [],
    kindSeen: { village: false, community: false },
    period: plan.period,
    periodSource: plan.periodSource,
    errors: [],
    warns: [],
    marks: new Array(width).fill(null),
    scored: { scores: new Array(width).fill(null), marks: new Array(width).fill(undefined) },
    emptyBlocks: 0,
    rowSeen: new Set(),
    rowSeenAt: -1,
  };
}

const EMPTY: RawCell[] = [];

/** Interpret row `r` (0-based) of the sheet. */
export function readRow(plan: SheetPlan, state: SheetRowsState, ctx: InterpretContext, r: number): void {
  const { place, cell, cols } = plan;
  const row = plan.sheet.rows[r] ?? EMPTY;
  const excelRow = r + 1;
  // Wide sheets read each row once per block: what concerns the whole row is done by the first.
  const firstBlock = !plan.block || plan.block.index === 0;
  if (rowIsBlank(row)) {
    if (!firstBlock) return;
    state.blankRows.push(excelRow);
    ctx.skipped++;
    return;
  }
  const nameCell = cell(row, r, cols.name);
  const townshipCell = cell(row, r, cols.township);
  const name = plan.nameReader.read(nameCell);
  const township = plan.townshipReader ? plan.townshipReader.read(townshipCell) : plan.defaultTownship;

  const skipped = skipReason(plan, row, excelRow, name, township);
  if (skipped) {
    if (!firstBlock) return;
    state.problems.push(skipped);
    ctx.skipped++;
    return;
  }

  // A data row: count the names normalization changed.
  if (firstBlock) {
    plan.nameReader.tally(nameCell);
    plan.townshipReader?.tally(townshipCell);
    plan.countyReader?.tally(cell(row, r, cols.county));
  }
  // A unit's group for a period left empty: no rating for that period.
  if (plan.block && blockIsEmpty(plan, row, r)) {
    state.emptyBlocks++;
    return;
  }

  // Values that reject the row.
  const { errors, warns } = state;
  errors.length = 0;
  warns.length = 0;
  if (name === '') errors.push(problems.missingName(place(excelRow, cols.name.label, '')));
  if (township === '') {
    errors.push(cols.township ? problems.missingTownship(place(excelRow, cols.township.label, '')) : problems.noTownshipColumn(place(excelRow)));
  }
  const period = rowPeriod(plan, row, r, excelRow, errors);
  const kind = rowKind(plan, row, r, excelRow, name, warns);
  const scored = plan.scores.scored ? state.scored : undefined;
  const declared = readMarksAndLevel(plan, row, r, excelRow, state.marks, errors, scored);

  if (errors.length > 0) {
    ctx.rejected++;
    for (const e of errors) report(plan, state, excelRow, e);
    return;
  }
  if (!period.ok) {
    state.periodless++;
    ctx.rejected++;
    return;
  }

  const { stars, level, scores, sum } = starsAndLevel(plan, row, r, excelRow, kind, name, state.marks, declared, ctx.capstone, warns, scored);
  state.kindSeen[kind] = true;

  // Secondary fields: unreadable → left empty with a warning.
  const { unit, county } = rowUnit(plan, ctx, row, r, excelRow, township, name, warns);
  const target = readSecondary(plan, row, r, excelRow, cols.target, plan.parsers.target, problems.badTarget, warns);
  const weak = readSecondary(plan, row, r, excelRow, cols.weak, plan.parsers.flag, problems.badFlag, warns);
  const income = readSecondary(plan, row, r, excelRow, cols.income, plan.parsers.income, problems.badNumber, warns);
  // The 总分 column; on a sheet of star scores without one, the sum of the applicable stars' scores.
  const score = cols.score || !scores
    ? readSecondary(plan, row, r, excelRow, cols.score, plan.parsers.score, problems.badNumber, warns)
    : sum;

  // One row per unit and period in an import: the first one stays.
  const year = period.year!;
  const quarter = period.quarter;
  const pnum = year * 5 + (quarter ?? 0);
  const first = unit.periods.get(pnum);
  if (first !== undefined) {
    const ref = ctx.sheetRefs[Math.floor(first / 2 ** 32)];
    const at = { file: ref.file, sheet: ref.sheet, row: first % 2 ** 32 };
    report(plan, state, excelRow, problems.duplicate(place(excelRow, cols.name.label, name), township, { year, quarter }, at));
    ctx.rejected++;
    return;
  }
  unit.periods.set(pnum, state.sheetRef * 2 ** 32 + excelRow);

  const rating: NormalizedRating = {
    unit_id: unit.id,
    county,
    township,
    name,
    kind,
    year,
    quarter,
    stars,
    level,
    target_level: target,
    weak_branch: weak,
    collective_income: income,
    score,
    source_row: plan.sourcePrefix + excelRow + '行',
  };
  if (scores) {
    rating.scores = scores;
    rating.star_threshold = plan.scores.rule?.threshold ?? null;
  }
  const extras = rowExtras(plan, row, r);
  if (extras) rating.extras = extras;
  ctx.ratings.push(rating);
  ctx.accepted++;
  if (state.period == null) {
    state.period = periodKey({ year, quarter });
    state.periodSource = period.source;
  }
  for (const w of warns) report(plan, state, excelRow, w);
}

/** Adds a row problem; on a wide sheet, once per row even when several blocks find it (a missing name). */
function report(plan: SheetPlan, state: SheetRowsState, excelRow: number, p: Problem): void {
  if (plan.block) {
    if (state.rowSeenAt !== excelRow) {
      state.rowSeen.clear();
      state.rowSeenAt = excelRow;
    }
    const key = `${p.code}\u0000${p.column ?? ''}\u0000${p.message}`;
    if (state.rowSeen.has(key)) return;
    state.rowSeen.add(key);
  }
  state.problems.push(p);
}

/** Whether every cell of the block (its stars, list, 星级 and score) is empty in this row. */
function blockIsEmpty(plan: SheetPlan, row: RawCell[], r: number): boolean {
  const { block } = plan.block!;
  for (const sc of block.starCols) {
    if (!isBlankCell(plan.cell(row, r, sc.col))) return false;
    if (sc.score && !isBlankCell(plan.cell(row, r, sc.score.col))) return false;
  }
  if (block.level && !isBlankCell(plan.cell(row, r, block.level))) return false;
  if (block.score && !isBlankCell(plan.cell(row, r, block.score))) return false;
  return true;
}

/** Why a row that is not blank is no data row (合计 / 小计, a repeated header, a note under the table), or null. */
function skipReason(plan: SheetPlan, row: RawCell[], excelRow: number, name: string, township: string): Problem | null {
  const { place, cols } = plan;
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
  if (cols.township && isTotalLabel(township)) [totalCol, totalValue] = [cols.township, township];
  else if (isTotalLabel(name)) [totalCol, totalValue] = [cols.name, name];
  else if (isTotalLabel(firstText)) [totalCol, totalValue] = [plan.header.columns[firstIdx] ?? null, firstText];
  if (totalValue != null) return problems.skippedTotal(place(excelRow, totalCol?.label ?? null, totalValue));
  if (name === plan.nameHeaderText && name !== '') return problems.skippedHeader(place(excelRow));
  if (name === '' || township === '' || isNoteText(firstText)) {
    let filled = 0;
    for (let i = 0; i < row.length && filled < 3; i++) if (!isBlankCell(row[i])) filled++;
    if (filled <= 2 && isNoteText(firstText)) return problems.skippedNote(place(excelRow, null, firstText));
  }
  return null;
}

/** The kind from the 类型 column, else (blank or unreadable, with a warning; or no column) from the name. */
function rowKind(plan: SheetPlan, row: RawCell[], r: number, excelRow: number, name: string, warns: Problem[]): UnitKind {
  const kindCol = plan.cols.kind;
  if (!kindCol) return kindFromName(name);
  const c = plan.cell(row, r, kindCol);
  const k = plan.parsers.kind(c);
  if (k.ok && k.value) return k.value;
  const kind = kindFromName(name);
  warns.push(k.ok ? problems.missingKind(plan.place(excelRow, kindCol.label, ''), kind) : problems.badKind(plan.place(excelRow, kindCol.label, cellToString(c)), kind));
  return kind;
}

/**
 * The unit of the row, by its 行政区划代码 when that can be read and trusted, else by county,
 * township and name; and the row's county (its county cell when that column is used).
 */
function rowUnit(
  plan: SheetPlan, ctx: InterpretContext, row: RawCell[], r: number, excelRow: number, township: string, name: string,
  warns: Problem[],
): { unit: UnitRec; county: string } {
  const { cols } = plan;
  let unit: UnitRec | undefined;
  const codeCell = cols.code ? plan.cell(row, r, cols.code) : null;
  if (cols.code && !plan.untrustedCodes?.has(codeCell)) {
    const c = plan.parsers.code(codeCell);
    if (!c.ok) warns.push(problems.badUnitCode(plan.place(excelRow, cols.code.label, cellToString(codeCell))));
    else if (c.value != null) unit = unitByCode(ctx, c.value);
  }
  let county = plan.defaultCounty;
  if (plan.countyReader) {
    const c = plan.countyReader.read(plan.cell(row, r, cols.county));
    if (c !== '') county = c;
  }
  return { unit: unit ?? unitByName(ctx, county, township, name), county };
}

/** A secondary field (target, 软弱涣散, income, score): null without a column; unreadable → null and a warning. */
function readSecondary<T>(
  plan: SheetPlan, row: RawCell[], r: number, excelRow: number, col: HeaderColumn | undefined,
  parse: CellParser<T | null>, problem: (p: Place) => Problem, warns: Problem[],
): T | null {
  if (!col) return null;
  const c = plan.cell(row, r, col);
  const v = parse(c);
  if (v.ok) return v.value;
  warns.push(problem(plan.place(excelRow, col.label, cellToString(c))));
  return null;
}

/** The non-blank cells of the extra columns, or undefined when there are none. */
function rowExtras(plan: SheetPlan, row: RawCell[], r: number): ExtraValue[] | undefined {
  let extras: ExtraValue[] | undefined;
  for (let i = 0; i < plan.extraCols.length; i++) {
    const x = plan.extraCols[i];
    const c = plan.cell(row, r, x.col);
    if (isBlank(c)) continue;
    const n = x.parse(c);
    (extras ??= []).push({ name: x.name, text: cleanText(c), num: n.ok ? n.value : null });
    x.seen = true;
  }
  return extras;
}
