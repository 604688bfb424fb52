/**
 * Counties for workspace tests: the bundled sample county as it ships, and a second,
 * different county generated with another seed and renamed (its own unit ids), so a
 * merge has two counties whose figures differ. Node only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSampleCsv } from '../../datasets/generate.ts';
import type { Database } from '../../shared/db.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { unitIdFor } from '../../shared/unit-id.ts';

export const SAMPLE_CSV = readFileSync(fileURLToPath(new URL('../../datasets/sample-county.csv', import.meta.url)), 'utf8');
export const SAMPLE_INFO = { dataset_id: 'sample', name: '示例数据（虚构县）', source: 'sample-county.csv', is_sample: true };

export const SECOND_COUNTY = '乙县';

/** Another invented county: a different seed, county name and unit ids; fewer years when asked. */
export function secondCountyCsv(county = SECOND_COUNTY, seed = 7, firstYear = 2022, lastYear = 2025): string {
  const csv = generateSampleCsv({ seed, firstYear, lastYear });
  const [header, ...lines] = csv.trimEnd().split('\n');
  const cols = header.split(',');
  const [iId, iCounty, iTownship, iName] = ['unit_id', 'county', 'township', 'name'].map((c) => cols.indexOf(c));
  return [header, ...lines.map((line) => {
    const v = line.split(',');
    v[iCounty] = county;
    v[iId] = unitIdFor(county, v[iTownship], v[iName]);
    return v.join(',');
  })].join('\n') + '\n';
}

export async function loadSample(db: Database): Promise<void> {
  await loadNormalizedCsv(db, SAMPLE_INFO, SAMPLE_CSV);
}

export async function loadSecondCounty(db: Database, csv = secondCountyCsv()): Promise<void> {
  await loadNormalizedCsv(db, { dataset_id: 'd1', name: `${SECOND_COUNTY}台账`, source: `${SECOND_COUNTY}.csv`, is_sample: false }, csv);
}
