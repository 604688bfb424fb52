import { figuresFor, latestPeriod, readSampleRows } from '../support/sample-truth.ts';
import { expect, screenshot, test } from './fixtures.ts';

const truth = readSampleRows();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

test('the overview opens on the latest period of the sample county with the right numbers', async ({ app }) => {
  const { year, quarter } = latestPeriod(truth);
  const cur = figuresFor(truth, year, quarter);
  const prev = figuresFor(truth, quarter === 1 ? year - 1 : year, quarter === 1 ? 4 : quarter - 1);

  await expect(app.getByLabel('期次')).toHaveValue(`${year}Q${quarter}`);
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(cur.units));
  await expect(app.getByTestId('kpi-units-detail')).toHaveText(`村 ${cur.villages} 个 · 社区 ${cur.communities} 个`);
  await expect(app.getByTestId('kpi-n3plus-value')).toHaveText(String(cur.n3plus));
  await expect(app.getByTestId('kpi-n3plus-detail')).toHaveText(`占比 ${pct(cur.n3plus / cur.units)}`);
  for (let n = 0; n <= 5; n++) await expect(app.getByTestId(`level-${n}`)).toHaveText(String(cur.levels[n]));
  for (const star of ['branch', 'industry', 'cobuild']) {
    await expect(app.getByTestId(`star-${star}-rate`)).toHaveText(pct(cur.starRate[star]!));
  }
  // The change against the previous quarter, in 个 and in 个百分点.
  const d = cur.n3plus - prev.n3plus;
  await expect(app.getByTestId('kpi-n3plus')).toContainText(d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '持平');
  const pp = Math.round((cur.n3plus / cur.units - prev.n3plus / prev.units) * 1000) / 10;
  await expect(app.getByTestId('kpi-n3plus')).toContainText(pp === 0 ? '持平' : `${Math.abs(pp).toFixed(1)}个百分点`);
  await expect(app.getByTestId('status-bar')).toContainText('示例数据');
  await expect(app.getByTestId('status-rows')).toHaveText(`${truth.length.toLocaleString('zh-CN')} 条评定记录`);
  await screenshot(app, '1-overview');
});

test('the overview follows the period, township and kind filters', async ({ app }) => {
  const township = truth[0].township;
  await app.getByLabel('期次').selectOption('2024Q3');
  const all = figuresFor(truth, 2024, 3);
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(all.units));
  await expect(app.getByRole('heading', { level: 2 })).toContainText('2024年第三季度');

  await app.getByLabel('乡镇').selectOption(township);
  const one = figuresFor(truth, 2024, 3, township);
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(one.units));
  await expect(app.getByTestId('kpi-n3plus-value')).toHaveText(String(one.n3plus));

  await app.getByRole('radio', { name: '社区', exact: true }).click();
  const communities = truth.filter((r) => r.year === 2024 && r.quarter === 3 && r.township === township && r.kind === 'community');
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(communities.length));
  // Village-only stars do not apply to communities and say so instead of showing 0%.
  await expect(app.getByTestId('star-industry')).toContainText('不适用');
  await screenshot(app, '2-overview-filtered');

  await app.getByRole('button', { name: '清除筛选' }).click();
  await expect(app.getByTestId('kpi-units-value')).toHaveText(String(all.units));
});
