/**
 * Independent answers for the sample county, computed by reading the CSV in plain
 * JavaScript (no DuckDB, no engine code), so tests can check the engine and the UI
 * against something they did not produce.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE_FILE = fileURLToPath(new URL('../../datasets/sample-county.csv', import.meta.url));

export interface TruthRow {
  unit_id: string;
  township: string;
  name: string;
  kind: string;
  year: number;
  quarter: number;
  stars: Record<string, boolean | null>;
  level: number;
}

const STAR_COLUMNS = ['branch', 'industry', 'ecology', 'safety', 'civility', 'cobuild', 'harmony', 'business'];

export function readSampleRows(file = SAMPLE_FILE): TruthRow[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const v = line.split(',');
    const stars: Record<string, boolean | null> = {};
    for (const s of STAR_COLUMNS) stars[s] = v[at(s)] === '' ? null : v[at(s)] === 'true';
    return {
      unit_id: v[at('unit_id')], township: v[at('township')], name: v[at('name')], kind: v[at('kind')],
      year: Number(v[at('year')]), quarter: Number(v[at('quarter')]), stars, level: Number(v[at('level')]),
    };
  });
}

export interface TruthFigures {
  units: number;
  villages: number;
  communities: number;
  levels: number[];
  n3plus: number;
  starRate: Record<string, number | null>;
}

export function figuresFor(rows: TruthRow[], year: number, quarter: number, township?: string): TruthFigures {
  const sel = rows.filter((r) => r.year === year && r.quarter === quarter && (!township || r.township === township));
  const levels = [0, 0, 0, 0, 0, 0];
  for (const r of sel) levels[r.level]++;
  const starRate: Record<string, number | null> = {};
  for (const s of STAR_COLUMNS) {
    const applicable = sel.filter((r) => r.stars[s] !== null);
    starRate[s] = applicable.length ? applicable.filter((r) => r.stars[s]).length / applicable.length : null;
  }
  return {
    units: sel.length,
    villages: sel.filter((r) => r.kind === 'village').length,
    communities: sel.filter((r) => r.kind === 'community').length,
    levels,
    n3plus: levels[3] + levels[4] + levels[5],
    starRate,
  };
}

export function latestPeriod(rows: TruthRow[]): { year: number; quarter: number } {
  return rows.reduce((a, r) => (r.year * 4 + r.quarter > a.year * 4 + a.quarter ? { year: r.year, quarter: r.quarter } : a), { year: 0, quarter: 1 });
}
