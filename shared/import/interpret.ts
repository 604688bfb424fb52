/**
 * The format-independent half of the import: RawSheet[] in, normalized ratings and a
 * report out. Header detection (header.ts), column synonyms (synonyms.ts), value parsers
 * (values.ts), period inference (period-infer.ts) and the rules and messages (validate.ts)
 * come together here. Each sheet is planned once (sheet-plan.ts), read row by row
 * (rating-row.ts with row-period.ts and row-stars.ts) and summed up (sheet-findings.ts);
 * this module runs that across sheets and files and sorts the report.
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
 *  - Stars listed in one cell (已获星级: "支部过硬星、平安法治星", star-list.ts) count as the
 *    marks of every star; a 星级 that disagrees is a level_mismatch warning, a name that is no
 *    star rejects the row (unknown_star).
 *  - Wide sheets (quarters side by side, wide-layout.ts) give one rating per unit and group;
 *    a unit's empty group gives none. Period-like groups that cannot be mapped (上半年, months
 *    of one quarter) or a year found nowhere: the sheet is not read, with one error saying why.
 *  - Star scores (score-columns.ts, score-rule.ts): a star column of scores (支部过硬星得分,
 *    支部过硬（分）, 得分 over the star names, or numbers under the star names) gives the star's
 *    score, and the star is held at the threshold (default 80 of 100; 80% of a 满分 in the
 *    header; the user's or the CLI's rule wins). 总分 is the rating's score, else the sum of the
 *    applicable stars' scores. Not a number, negative or above the maximum: rejected. Values
 *    over 100 with no maximum stated or set: the sheet is not read, with one error asking for
 *    it. A √ beside a score that says otherwise: a warning, the score decides.
 *  - Extra columns (党员人数, 网格员, 备注 …: every column no rating field stores, see
 *    extraColumns) are kept per accepted row as ExtraValues, named by their header; only
 *    非空 cells are kept. The mapping editor's 'ignore' drops a column entirely.
 *
 * Speed: column parsers are chosen once per sheet (the plan) and memoised per distinct cell
 * value, so the per-row work is a few Map lookups; no regex is built per cell and nothing is
 * O(n²).
 */
import { comparePeriods, parsePeriodKey, periodKey } from '../period.ts';
import { findReplacementChars } from './cell-checks.ts';
import { resolveFileCounties, type FileCountyEvidence } from './county.ts';
import { encodingLabel } from './decode.ts';
import { detectHeader, type HeaderInfo } from './header.ts';
import { addProblem, newContext, type InterpretContext, type InterpretOptions } from './interpret-context.ts';
import { cellToString, normalizeName } from './normalize.ts';
import { readRow, startRows } from './rating-row.ts';
import { rowIsBlank } from './sheet-cells.ts';
import { sheetFindings } from './sheet-findings.ts';
import { blockPlans, planSheet, type SheetCounty } from './sheet-plan.ts';
import { isNoteText, isTotalLabel, problems, type Place } from './validate.ts';
import type { ImportReport, NormalizedRating, RawSheet, SheetReport } from './types.ts';

export { headerSignature } from './synonyms.ts';
export { countyFromText } from './county.ts';
export { townshipFromText } from './township-text.ts';
export type { InterpretOptions } from './interpret-context.ts';

export interface InterpretResult {
  ratings: NormalizedRating[];
  report: ImportReport;
}

// ───────────────────────── one sheet ─────────────────────────

/** Plan the sheet, read its rows, then record its findings before its row problems. */
function interpretSheet(
  sheet: RawSheet, header: HeaderInfo, county: SheetCounty, f: number, s: number, ctx: InterpretContext,
): { report: SheetReport; found: boolean; empty: boolean } {
  if (!header.found) {
    return {
      report: {
        name: sheet.sheet, period: null, period_source: null, header_row: null, rows_read: 0, skipped: true,
        // The most header-like row, so the user can assign the columns by hand.
        mapping: header.columns.map((c) => ({ column: c.label, field: c.field })),
      },
      found: false,
      empty: sheet.rows.every((r) => rowIsBlank(r)),
    };
  }

  const scoreRule = ctx.options.scoreRules?.[header.signature] ?? ctx.options.scoreRule ?? null;
  const plan = planSheet(sheet, header, county, ctx.options.period ?? null, scoreRule);
  const state = startRows(plan, ctx);
  if ((plan.wide && !plan.wide.ok) || plan.scores.unknown) {
    // Period groups that cannot be mapped, or scores whose maximum is unknown: nothing is read (sheet-findings.ts says why).
    for (let r = header.dataStart; r <= plan.last; r++) if (!rowIsBlank(sheet.rows[r])) state.periodless++;
    ctx.rejected += state.periodless;
  } else {
    // A wide sheet reads each row once per block (quarter); an ordinary sheet has one plan.
    const plans = blockPlans(plan);
    for (let r = header.dataStart; r <= plan.last; r++) for (const p of plans) readRow(p, state, ctx, r);
  }
  for (const p of sheetFindings(plan, state)) addProblem(ctx, f, s, p);
  for (const p of state.problems) addProblem(ctx, f, s, p);

  const kept = plan.extraCols.filter((x) => x.seen).map((x) => x.name);
  const scoreCols = new Set((plan.wide?.ok ? plan.wide.blocks.flatMap((b) => b.starCols) : plan.starCols).flatMap((sc) => (sc.score ? [sc.score.col] : [])));
  return {
    report: {
      name: sheet.sheet,
      period: state.period,
      period_source: state.period ? state.periodSource : null,
      header_row: header.headerRow,
      rows_read: plan.rowsRead,
      mapping: header.columns.map((c) => ({ column: c.label, field: c.field, ...(scoreCols.has(c) ? { score: true as const } : {}) })),
      skipped: false,
      ...(plan.scores.scored ? { score_rule: plan.scores.unknown ? null : plan.scores.rule ?? 'mixed' } : {}),
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
  const ctx = newContext(options);
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
    addProblem(ctx, f, s, c.notice.kind === 'assumed' ? problems.countyAssumed({ ...p, value: c.notice.county }, c.notice.county) : problems.countyUnknown(p, c.notice.candidates));
  });

  sheets.forEach((sheet, s) => {
    const f = fileOf[s];
    const entry = files[f];
    for (const p of sheet.notices ?? []) addProblem(ctx, f, s, p);
    const found = findReplacementChars(sheet, headers[s]);
    if (found && sheet.encoding !== undefined) {
      const p: Place = { file: sheet.file, sheet: sheet.sheet, row: found.row, column: found.column, value: found.value };
      addProblem(ctx, f, s, problems.replacementChar(p, found.count, encodingLabel(sheet.encoding)));
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
      addProblem(ctx, f, entry.failed[0].s, problems.noHeader(p, names));
    } else {
      for (const x of entry.failed) {
        addProblem(ctx, f, x.s, problems.sheetSkipped({ file: entry.file, sheet: x.name, row: null, column: null, value: null }, x.empty));
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
    periodSet.add(periodKey({ year: r.year, quarter: r.quarter ?? null }));
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
