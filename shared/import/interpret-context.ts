/**
 * What interpreting an import accumulates across all its sheets and files: the options,
 * the ratings, the problems (with where they were found, for sorting), the counts, and the
 * units seen so far (for ids and for one row per unit and period).
 */
import type { Period } from '../period.ts';
import type { CountyOptions } from './county.ts';
import type { ScoreRule } from './score-rule.ts';
import { fastUnitId } from './validate.ts';
import type { FieldId, NormalizedRating, Problem } from './types.ts';

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
  /**
   * The rule that turns star scores into stars (score-rule.ts) for every sheet: the CLI's
   * --score-max / --score-threshold. Each field left out comes from the sheet's header or the
   * default (满分100, 80分即获星).
   */
  scoreRule?: ScoreRule;
  /** Rules set in the dialog for one header layout, by the same signature as `mappings` (they win over `scoreRule`). */
  scoreRules?: Record<string, ScoreRule>;
}

export interface UnitRec {
  id: string;
  /** Period number (year*5 + quarter, 0 = annual) → where it was first loaded (sheet index * 2^32 + Excel row). */
  periods: Map<number, number>;
}

export interface InterpretContext {
  options: InterpretOptions;
  capstone: boolean;
  ratings: NormalizedRating[];
  /** Every sheet interpreted so far, by index, for decoding `UnitRec.periods`. */
  sheetRefs: Array<{ file: string; sheet: string }>;
  /** f and s: file and sheet index; seq: the order found. */
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

export function newContext(options: InterpretOptions): InterpretContext {
  return {
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
}

/** Record a problem of file `f`, sheet `s`; warnings are counted here. */
export function addProblem(ctx: InterpretContext, f: number, s: number, p: Problem): void {
  ctx.problems.push({ p, f, s, seq: ctx.seq++ });
  if (p.severity === 'warning') ctx.warnings++;
}

/** The unit with this 行政区划代码, created on first sight. */
export function unitByCode(ctx: InterpretContext, code: string): UnitRec {
  let unit = ctx.unitsByCode.get(code);
  if (!unit) ctx.unitsByCode.set(code, (unit = { id: code, periods: new Map() }));
  return unit;
}

/** The unit with these (normalized) names, created on first sight with its hashed id. */
export function unitByName(ctx: InterpretContext, county: string, township: string, name: string): UnitRec {
  let byTownship = ctx.unitsByName.get(county);
  if (!byTownship) ctx.unitsByName.set(county, (byTownship = new Map()));
  let byName = byTownship.get(township);
  if (!byName) byTownship.set(township, (byName = new Map()));
  let unit = byName.get(name);
  if (!unit) byName.set(name, (unit = { id: fastUnitId(county, township, name), periods: new Map() }));
  return unit;
}
