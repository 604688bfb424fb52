/** The exported chart's option: title, a plain legend in rows under the plot with every series, the source line. */
import { describe, expect, it } from 'vitest';
import { chartSourceLine, chartTitle, estimateTextWidth, exportOption, legendRowHeight, SOURCE_BAND } from '../../shared/chart-export.ts';

type Obj = Record<string, unknown>;
const WIDTH = 800;
const LEGEND = { type: 'scroll', top: 4, left: 8, right: 8, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 12 } };

/** N series whose legend items are each about an eighth of the legend's width. */
function option(n: number): Obj {
  // 16 + 5 + 5 CJK × 12 + 10 = 91 px an item: 8 fit in 776 px, not 9.
  const names = Array.from({ length: n }, (_, i) => `乡镇${String(i).padStart(3, '0')}`.replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)]));
  return {
    grid: { left: 48, right: 24, top: 40, bottom: 62 },
    legend: LEGEND,
    dataZoom: [{ type: 'slider', height: 18, bottom: 6 }],
    xAxis: { type: 'category', data: ['24Q1', '24Q2'] },
    yAxis: { type: 'value' },
    series: names.map((name) => ({ name, type: 'line', data: [0.1, 0.2] })),
  };
}

describe('exportOption', () => {
  it('turns the scrolling legend into a plain one in rows at the bottom, with every series, and grows the image', () => {
    for (const n of [5, 13, 20, 24, 33]) {
      const src = option(n);
      const { option: out, height, legendRows } = exportOption(src, { title: '甲县各乡镇三星以上占比（2023年第一季度—2024年第四季度）', source: chartSourceLine(['示例数据']), width: WIDTH, height: 330 });
      const legend = out.legend as Obj;
      expect(legend.type).toBe('plain');
      expect(legend.orient).toBe('horizontal');
      expect(legend.top).toBeUndefined();
      expect(typeof legend.bottom).toBe('number');
      const names = (src.series as Obj[]).map((s) => s.name);
      expect(legend.data).toEqual(names);
      const rows = Math.ceil(n / 8);
      expect(legendRows).toBe(rows);
      const grid = out.grid as Obj;
      // Room under the plot for the axis labels, every legend row and the source line.
      expect(grid.bottom as number).toBeGreaterThanOrEqual(20 + rows * legendRowHeight(LEGEND) + SOURCE_BAND);
      expect(legend.bottom as number).toBeGreaterThanOrEqual(SOURCE_BAND);
      // No zoom slider: every period is drawn.
      expect(out.dataZoom).toBeUndefined();
      // The plot keeps its height: the image grows by what was added above and below it.
      const plot = 330 - 40 - 62;
      expect(height - (grid.top as number) - (grid.bottom as number)).toBe(plot);
      expect(height).toBeGreaterThan(330);
    }
    // The source option is untouched (the screen's chart stays as it is).
    expect((option(3).legend as Obj).type).toBe('scroll');
  });

  it('puts the title on top and the source line at the bottom left', () => {
    const title = chartTitle('甲县各乡镇三星以上占比', '2023年第一季度', '2024年第四季度');
    expect(title).toBe('甲县各乡镇三星以上占比（2023年第一季度—2024年第四季度）');
    const source = chartSourceLine([], new Date(2026, 11, 3));
    expect(source).toBe('数据来源：星图 · 导入的台账 · 制图日期 2026年12月3日');
    expect(chartSourceLine(['示例数据（虚构县）'], new Date(2026, 11, 3))).toBe('数据来源：星图 · 示例数据（虚构县） · 制图日期 2026年12月3日');
    const { option: out } = exportOption(option(20), { title, source, width: WIDTH });
    const [main, foot] = out.title as Obj[];
    expect(main.text).toBe(title);
    expect(foot.text).toBe(source);
    expect(foot.left).toBe(12);
    expect(typeof foot.bottom).toBe('number');
    // The plot starts under the title.
    expect((out.grid as Obj).top as number).toBeGreaterThan(16 + 12);
  });

  it('keeps a vertical legend where it is, plain, and legend entries switched off stay off', () => {
    const src = { ...option(8), legend: { orient: 'vertical', right: 4, top: 'middle', type: 'scroll' } };
    const { option: out } = exportOption(src, { title: 't', source: 's', width: WIDTH, selected: { 乡镇〇〇〇: false } });
    const legend = out.legend as Obj;
    expect(legend.type).toBe('plain');
    expect(legend.orient).toBe('vertical');
    expect(legend.selected).toEqual({ 乡镇〇〇〇: false });
  });

  it('estimates CJK text at one em a character', () => {
    expect(estimateTextWidth('城关镇', 12)).toBe(36);
    expect(estimateTextWidth('ab', 10)).toBe(12);
  });
});
