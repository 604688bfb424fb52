/**
 * The live rows as one relation for the raw pivot (and the rankings): ratings per unit and
 * period, or per unit, period and star, optionally with change flags and extra columns.
 */
import { str } from '../../sql/literal.ts';
import { STAR_IDS, STARS } from '../../stars.ts';
import { STAR_SCORE_COLUMNS } from '../../sql/schema.ts';
import { type AnalysisScope, appliesSql, prevPkSql, scopeSql, whereSql } from '../common.ts';
import type { Grain } from '../measures.ts';
import { extraNum, extraText } from './columns.ts';
import type { Cadence } from './config.ts';

const STAR_KIND_PAIRS = STARS.flatMap((s) => s.kinds.map((k) => `(${str(s.id)}, ${str(k)})`)).join(', ');

/**
 * The live rows as a relation with the columns the raw components read: one row per unit
 * and period (or per unit, period and applicable star), with the previous rating's
 * gained / lost flags computed here by a self-join — independent of the summaries.
 */
export function rawRelationSql(opts: {
  grain: Grain; cadence: Cadence; scope: AnalysisScope; changes: boolean;
  /** Extra columns to carry along, as xt_<key> (text) and xn_<key> (number). */
  extras?: readonly string[];
}): string {
  const { grain, cadence, scope, changes } = opts;
  const extras = opts.extras ?? [];
  const yearly = cadence === 'year';
  const needYv = yearly;
  const extraCols = extras.map((n) => `, ${extraText(n)}, ${extraNum(n)}`).join('');
  const base = `SELECT unit_id, county, township, name, kind, year, quarter, ${STAR_IDS.join(', ')},
      level, target_level, weak_branch, collective_income, score, ${STAR_SCORE_COLUMNS.join(', ')}${extraCols},
      year * 10 + coalesce(quarter, 5) AS pk${needYv ? `,
      (quarter IS NULL OR (quarter = 4 AND
        count(*) FILTER (WHERE quarter IS NULL) OVER (PARTITION BY unit_id, year) = 0)) AS yv` : ''}
    FROM ${extras.length ? factsWithExtras(extras) : 'facts'} ${whereSql([...scopeSql(scope), ...(cadence === 'quarter' ? ['quarter IS NOT NULL'] : [])])}`;
  const f0 = yearly ? `SELECT * FROM (${base}) WHERE yv` : base;
  let rel: string;
  if (changes) {
    const on = yearly ? `p.unit_id = c.unit_id AND p.year = c.year - 1` : `p.unit_id = c.unit_id AND p.pk = ${prevPkSql('c')}`;
    const flags = STAR_IDS.flatMap((s) => {
      const app = appliesSql(s, 'c');
      return [
        `(p.unit_id IS NOT NULL AND ${app} AND coalesce(c.${s}, false) AND NOT coalesce(p.${s}, false)) AS g_${s}`,
        `(p.unit_id IS NOT NULL AND ${app} AND coalesce(p.${s}, false) AND NOT coalesce(c.${s}, false)) AS l_${s}`,
      ];
    });
    rel = `WITH f0 AS (${f0})
  SELECT c.*, p.unit_id IS NOT NULL AS has_prev, p.level AS prev_level,
    ${flags.join(',\n    ')}
  FROM f0 c LEFT JOIN f0 p ON ${on}`;
  } else {
    rel = f0;
  }
  if (grain === 'unit') return rel;
  const pick = (prefix: string, fallback: string) =>
    `CASE s.star ${STAR_IDS.map((id) => `WHEN ${str(id)} THEN ${prefix}${id}`).join(' ')} ELSE ${fallback} END`;
  return `SELECT r.*, s.star,
    coalesce(${pick('r.', 'NULL')}, false) AS earned${changes ? `,
    ${pick('r.g_', 'false')} AS s_gained,
    ${pick('r.l_', 'false')} AS s_lost` : ''}
  FROM (${rel}) r JOIN (VALUES ${STAR_KIND_PAIRS}) s(star, skind) ON s.skind = r.kind`;
}

/**
 * facts plus the given extra columns of each rating (NULL where it has none), still named
 * facts. Each extra joins on the rating's full key, dataset included, so a superseded
 * dataset's values never show; any_value guards against a repeated name.
 */
function factsWithExtras(names: readonly string[]): string {
  const joins = names.map((n, i) => `
    LEFT JOIN (SELECT unit_id, year, quarter, dataset_id, any_value(text) AS t, any_value(num) AS n
               FROM rating_extras WHERE name = ${str(n)} GROUP BY ALL) e${i}
      ON e${i}.unit_id = f.unit_id AND e${i}.year = f.year AND e${i}.quarter IS NOT DISTINCT FROM f.quarter
     AND e${i}.dataset_id = f.dataset_id`).join('');
  const cols = names.map((n, i) => `e${i}.t AS ${extraText(n)}, e${i}.n AS ${extraNum(n)}`).join(', ');
  return `(SELECT f.*, ${cols} FROM facts f${joins}) facts`;
}
