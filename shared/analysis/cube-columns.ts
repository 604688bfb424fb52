/**
 * The typed contract of the summary tables' measure columns: the summary builder
 * (summaries.ts) creates exactly these, and the measure catalog (measures.ts componentSql)
 * reads only these, so a renamed column is a type error on both sides, not a string that
 * silently stops matching. tests/unit/cube-columns.test.ts checks the built tables against it.
 */
import { STAR_IDS, type StarId } from '../stars.ts';

export type Level = 0 | 1 | 2 | 3 | 4 | 5;
export const LEVELS: readonly Level[] = [0, 1, 2, 3, 4, 5];

/** Per star: units earning it, gaining / losing it vs the previous period and vs the previous year. */
export type StarColumn = `earn_${StarId}` | `gain_${StarId}` | `lose_${StarId}` | `ygain_${StarId}` | `ylose_${StarId}`;

/**
 * Per star, over the ratings that score it: the sum and count of the scores, and, over the
 * units not holding the star, the sum and count of the gap to the threshold (star_threshold).
 */
export type ScoreColumn = `ssum_${StarId}` | `sn_${StarId}` | `gsum_${StarId}` | `gn_${StarId}`;

/** Additive columns of cube_level and cube_township (sums of unit counts; income and score sums). */
export type AdditiveColumn =
  | 'n' | 'met' | 'targeted' | 'with_prev' | 'gained' | 'lost' | 'up' | 'down'
  | 'ywith_prev' | 'ygained' | 'ylost' | 'yup' | 'ydown'
  | 'income_sum' | 'income_n' | 'score_sum' | 'score_n'
  | StarColumn | ScoreColumn;

export const ADDITIVE_COLUMNS: readonly AdditiveColumn[] = [
  'n', 'met', 'targeted', 'with_prev', 'gained', 'lost', 'up', 'down',
  'ywith_prev', 'ygained', 'ylost', 'yup', 'ydown', 'income_sum', 'income_n', 'score_sum', 'score_n',
  ...STAR_IDS.flatMap((id): StarColumn[] => [`earn_${id}`, `gain_${id}`, `lose_${id}`, `ygain_${id}`, `ylose_${id}`]),
  ...STAR_IDS.flatMap((id): ScoreColumn[] => [`ssum_${id}`, `sn_${id}`, `gsum_${id}`, `gn_${id}`]),
];

/** cube_township: the additive columns plus units per level, the level sum and 软弱涣散 units. */
export type TownshipColumn = AdditiveColumn | `n${Level}` | 'level_sum' | 'weak';

export const TOWNSHIP_COLUMNS: readonly TownshipColumn[] = [
  ...LEVELS.map((k): TownshipColumn => `n${k}`), 'level_sum', 'weak', ...ADDITIVE_COLUMNS,
];

/** cube_kind_town and cube_town: cube_township without the yearly (y*) columns, plus app_{star}. */
export type TownColumn = Exclude<TownshipColumn, `y${string}`> | `app_${StarId}`;

export const TOWN_COLUMNS: readonly TownColumn[] = [
  ...TOWNSHIP_COLUMNS.filter((c): c is Exclude<TownshipColumn, `y${string}`> => !c.startsWith('y')),
  ...STAR_IDS.map((id): TownColumn => `app_${id}`),
];

/** Float sums (NULL when no row has a value), as opposed to integer counts. */
export const FLOAT_COLUMNS: ReadonlySet<string> = new Set<AdditiveColumn>([
  'income_sum', 'score_sum', ...STAR_IDS.flatMap((id): ScoreColumn[] => [`ssum_${id}`, `gsum_${id}`]),
]);
