/**
 * A sheet's star columns when stars are scored (issue 12): each star's mark column (√) and
 * score column (支部过硬星得分) are paired into one StarColumn; a star column whose values are
 * numbers in a score range becomes a score column; and every score column gets its rule
 * (score-rule.ts) from the user's setting, the 满分 in its header, or the default 100/80 —
 * or, when its values pass 100 and nothing names a maximum, the sheet is not read (one error).
 */
import { STARS, appliesTo, type StarId } from '../stars.ts';
import type { HeaderColumn } from './header.ts';
import { memo } from './sheet-cells.ts';
import {
  DEFAULT_SCORE_MAX, DEFAULT_SCORE_THRESHOLD, defaultThreshold, headerMax, starScoreHeader, type EffectiveScoreRule, type ScoreRule,
} from './score-rule.ts';
import type { CellParser, StarColumn } from './sheet-plan.ts';
import { headerKey } from './synonyms.ts';
import { parseMark, parseNumber } from './values.ts';
import type { RawCell } from './types.ts';

/** A star's score column and the rule its scores are read under. */
export interface ScoreColumn {
  col: HeaderColumn;
  parse: CellParser<number | null>;
  rule: EffectiveScoreRule;
}

const STAR_IDS = new Set<string>(STARS.map((s) => s.id));

/** Whether a star column's header names its score (header.ts flag, or a user-mapped column's label). */
function namesScore(c: HeaderColumn): boolean {
  return c.starScore === true || starScoreHeader(headerKey(c.label.split(' / ').join(''))) === c.field;
}

/** A placeholder until applyScoreRules sets the column's rule. */
const UNSET: EffectiveScoreRule = { max: DEFAULT_SCORE_MAX, threshold: DEFAULT_SCORE_THRESHOLD, inclusive: true, source: 'default' };

/**
 * One StarColumn per star named by `columns`, in the order of each star's first column: its
 * first mark column (`col`) and its first score column (`score`); a star with only a score
 * column has `col` = that column and `markless`.
 */
export function pairStarColumns(columns: readonly HeaderColumn[]): StarColumn[] {
  const out: StarColumn[] = [];
  const byStar = new Map<StarId, StarColumn>();
  for (const c of columns) {
    if (!c.field || !STAR_IDS.has(c.field)) continue;
    const id = c.field as StarId;
    const isScore = namesScore(c);
    let sc = byStar.get(id);
    if (!sc) {
      const star = STARS.find((s) => s.id === id)!;
      sc = { star, col: c, parse: memo(parseMark), applies: { village: appliesTo(id, 'village'), community: appliesTo(id, 'community') } };
      if (isScore) {
        sc.markless = true;
        sc.score = { col: c, parse: memo(parseNumber, 1024), rule: UNSET };
      }
      byStar.set(id, sc);
      out.push(sc);
    } else if (isScore && !sc.score) {
      sc.score = { col: c, parse: memo(parseNumber, 1024), rule: UNSET };
    } else if (!isScore && sc.markless) {
      sc.col = c;
      sc.markless = false;
    }
  }
  return out;
}

/** The columns a set of StarColumns reads (marks and scores), for keeping them out of the extras. */
export function starColumnSet(lists: ReadonlyArray<readonly StarColumn[]>): Set<HeaderColumn> {
  const out = new Set<HeaderColumn>();
  for (const list of lists) for (const sc of list) {
    out.add(sc.col);
    if (sc.score) out.add(sc.score.col);
  }
  return out;
}

/**
 * A column's data cells: with `unitsOnly`, only rows of units (no 合计 row, whose sums pass any
 * maximum, no notes); without, every row under the header (enough to tell marks from scores).
 */
export type CellSource = (c: HeaderColumn, unitsOnly: boolean) => Iterable<RawCell>;

/** What a column's data cells say about scores. */
interface Scan {
  /** Every non-blank cell reads as a number or "/" (not applicable). */
  numeric: boolean;
  numbers: number;
  /** Numbers other than 0 and 1 (which are marks as often as scores). */
  scoreLike: number;
  maxSeen: number | null;
}

function scan(cells: CellSource, col: HeaderColumn, full: boolean): Scan {
  const out: Scan = { numeric: true, numbers: 0, scoreLike: 0, maxSeen: null };
  for (const c of cells(col, full)) {
    const v = parseNumber(c);
    if (!v.ok) {
      out.numeric = false;
      if (!full) break;
      continue;
    }
    if (v.value == null) continue;
    out.numbers++;
    if (v.value !== 0 && v.value !== 1) out.scoreLike++;
    if (out.maxSeen == null || v.value > out.maxSeen) out.maxSeen = v.value;
  }
  return out;
}

/** The rule of one score column, or null when its maximum cannot be known (values over 100, nothing given). */
export function ruleFor(user: ScoreRule | null, hmax: number | null, maxSeen: number | null): EffectiveScoreRule | null {
  const inclusive = user?.inclusive ?? true;
  const userGave = user != null && (user.max != null || user.threshold != null || user.inclusive != null);
  let max: number | null;
  let source: EffectiveScoreRule['source'];
  if (user?.max != null) [max, source] = [user.max, 'user'];
  else if (hmax != null) [max, source] = [hmax, userGave ? 'user' : 'header'];
  else if (maxSeen == null || maxSeen <= DEFAULT_SCORE_MAX) [max, source] = [DEFAULT_SCORE_MAX, userGave ? 'user' : 'default'];
  else if (user?.threshold != null) [max, source] = [null, 'user'];
  else return null;
  const threshold = user?.threshold ?? (max === DEFAULT_SCORE_MAX ? DEFAULT_SCORE_THRESHOLD : defaultThreshold(max!));
  return { max, threshold, inclusive, source };
}

/** The outcome for a sheet: its rule when every score column shares one, or what is unknown. */
export interface SheetScores {
  /** True when some star column is read as scores. */
  scored: boolean;
  /** The rule shared by every score column (for the report and star_threshold); null when they differ or none. */
  rule: EffectiveScoreRule | null;
  /** The score columns as shown, in order. */
  columns: string[];
  /** Score columns whose maximum cannot be known, and the highest value among them. */
  unknown: { columns: string[]; maxSeen: number } | null;
}

/**
 * Turns star columns holding numbers into score columns and sets every score column's rule.
 * `lists` are the sheet's StarColumns (or each block's, for a wide sheet); `cells` gives a
 * column's data cells (no 合计 rows or notes); `user` is the rule the user or the CLI set.
 */
export function applyScoreRules(
  lists: ReadonlyArray<StarColumn[]>, cells: CellSource, user: ScoreRule | null,
): SheetScores {
  const columns: string[] = [];
  const unknownCols: string[] = [];
  let unknownMax = -Infinity;
  const rules: EffectiveScoreRule[] = [];
  for (const list of lists) {
    for (const sc of list) {
      if (sc.list) continue;
      if (!sc.score) {
        // Scores under the star names: every value a number, most of them not 0/1.
        const s = scan(cells, sc.col, false);
        if (!s.numeric || s.numbers === 0 || s.scoreLike * 2 <= s.numbers) continue;
        sc.markless = true;
        sc.score = { col: sc.col, parse: memo(parseNumber, 1024), rule: UNSET };
      }
      const score = sc.score;
      const s = scan(cells, score.col, true);
      const rule = ruleFor(user, headerMax(score.col.label), s.maxSeen);
      columns.push(score.col.label);
      if (!rule) {
        unknownCols.push(score.col.label);
        unknownMax = Math.max(unknownMax, s.maxSeen ?? 0);
        continue;
      }
      score.rule = rule;
      rules.push(rule);
    }
  }
  const same = rules.length > 0 && rules.every((r) => r.max === rules[0].max && r.threshold === rules[0].threshold && r.inclusive === rules[0].inclusive);
  return {
    scored: columns.length > 0,
    rule: same && unknownCols.length === 0 ? rules[0] : null,
    columns,
    unknown: unknownCols.length > 0 ? { columns: unknownCols, maxSeen: unknownMax } : null,
  };
}
