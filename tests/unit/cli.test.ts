import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { figuresFor, readSampleRows } from '../support/sample-truth.ts';
import { SMALL_COUNTY_CSV, TOWNSHIP_A, TOWNSHIP_B } from '../support/small-county.ts';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('xingtu summary', () => {
  it('prints per-township levels and 三星以上 share as JSON for a given file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xingtu-cli-'));
    const file = join(dir, 'small.csv');
    await writeFile(file, SMALL_COUNTY_CSV);
    const r = await run('summary', file, '--period', '2024Q3', '--by', 'township', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      period: '2024Q3',
      rows: [
        // No unit of this county is 软弱涣散 (and 2023Q3 has no ratings to convert from).
        { township: TOWNSHIP_A, units: 3, levels: [0, 0, 1, 1, 0, 1], share3plus: 0.6667, weak: 0, converted: 0 },
        { township: TOWNSHIP_B, units: 2, levels: [1, 0, 0, 0, 1, 0], share3plus: 0.5, weak: 0, converted: 0 },
      ],
      total: { units: 5, levels: [1, 0, 1, 1, 1, 1], share3plus: 0.6, weak: 0, converted: 0 },
    });
  });

  it('uses the sample county when no file is given, matching an independent count', async () => {
    const r = await run('summary', '--period', '2024Q3', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const truth = readSampleRows();
    const total = figuresFor(truth, 2024, 3);
    expect(json.total.units).toBe(total.units);
    expect(json.total.levels).toEqual(total.levels);
    expect(json.total.share3plus).toBeCloseTo(total.n3plus / total.units, 4);
    const first = json.rows[0];
    const t = figuresFor(truth, 2024, 3, first.township);
    expect(first.levels).toEqual(t.levels);
    expect(json.rows).toHaveLength(new Set(truth.map((x) => x.township)).size);
  });

  it('defaults to the latest period and prints a readable Chinese table', async () => {
    const r = await run('summary', '--by', 'kind');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2025年第四季度');
    expect(r.out).toMatch(/^村\t/m);
    expect(r.out).toMatch(/^合计\t/m);
  });

  it('fails with a Chinese message naming the period when it has no ratings', async () => {
    const r = await run('summary', '--period', '2031Q2');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('没有 2031年第二季度 的评定记录');
  });

  it('rejects an unparseable period, an unknown command and a bad --by with usage errors', async () => {
    expect((await run('summary', '--period', '第三季度')).err).toContain('无法识别期次');
    expect((await run('summary', '--period', '第三季度')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('summary', '--by', 'village')).err).toContain('--by 只能是');
  });

  it('names the file when it is missing or holds nothing to count', async () => {
    const missing = await run('summary', '/nonexistent/台账.csv');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('文件不存在');
    const dir = await mkdtemp(join(tmpdir(), 'xingtu-cli-'));
    const file = join(dir, '城关镇.csv');
    await writeFile(file, '乡镇,村名,星级\n城关镇,一村,三星\n');
    const other = await run('summary', file);
    expect(other.code).toBe(1);
    expect(other.err).toContain('城关镇.csv');
    expect(other.err).toContain('没有可统计的记录');
  });
});
