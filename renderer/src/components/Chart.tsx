/**
 * An ECharts chart that follows its option and its container's size. Canvas renderer for
 * the screen; charts export as PNG (2×) and SVG. Modules are imported one by one to keep
 * the bundle small.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, RadarComponent, TitleComponent,
  TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { exportOption } from '../../../shared/chart-export.ts';

echarts.use([
  BarChart, LineChart, HeatmapChart, RadarChart,
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, VisualMapComponent, RadarComponent,
  TitleComponent, MarkLineComponent, CanvasRenderer, SVGRenderer,
]);

export const CHART_FONT = '"Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** ECharts tooltips are HTML: anything from the data must be escaped first. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a click on a data item tells the view (for cross-filtering). */
export interface ChartClick {
  seriesName?: string;
  name?: string;
  value?: unknown;
  dataIndex?: number;
  componentType?: string;
}

export interface ChartHandle {
  /** PNG at 2× resolution, as a data URL. */
  toPng(): string;
  /** The same chart rendered as SVG markup. */
  toSvg(): string;
  /**
   * PNG at 2× for paper (the briefing's print): every legend entry shown (a scrolling legend
   * becomes a plain one, the plot moved down to make room), no zoom slider, no animation.
   */
  toPrintPng(): string;
  /**
   * The chart as exported (shared/chart-export.ts exportOption): title, every legend entry in
   * rows under the plot, all periods, the source line; rendered off screen, the screen's chart
   * untouched. PNG at 2× as a data URL.
   */
  toExportPng(opts: ChartExportText): string;
  /** The same as SVG markup. */
  toExportSvg(opts: ChartExportText): string;
}

/** What an exported chart says besides the chart: its title and where the data came from. */
export interface ChartExportText {
  title: string;
  subtitle?: string;
  source: string;
}

/** Text width with the chart's font (a canvas measures it), for laying out an exported legend. */
function measureText(text: string, fontSize: number): number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return [...text].reduce((w, ch) => w + (/[\u0000-\u00ff]/.test(ch) ? 0.6 : 1) * fontSize, 0);
  ctx.font = `${fontSize}px ${CHART_FONT}`;
  // A little slack: ECharts' own measure may round up, and a row that overflows wraps one more time.
  return ctx.measureText(text).width * 1.04;
}

type Obj = Record<string, unknown>;

/** The option as printed: plain legends, no data-zoom slider, room above the plot for wrapped legends. */
export function printableOption(option: Obj, width: number): { option: Obj; extra: number } {
  const out: Obj = { ...option, animation: false };
  delete out.dataZoom;
  let extra = 0;
  const legends = Array.isArray(option.legend) ? option.legend as Obj[] : option.legend ? [option.legend as Obj] : [];
  const series = (Array.isArray(option.series) ? option.series : [option.series]).filter(Boolean) as Obj[];
  const fixed = legends.map((l) => {
    if (l.type !== 'scroll' || l.orient === 'vertical') return l;
    const names = (Array.isArray(l.data) ? l.data : series.map((x) => x.name)).filter((n) => n != null).map(String);
    const ctx = document.createElement('canvas').getContext('2d');
    const size = Number((l.textStyle as Obj | undefined)?.fontSize ?? 12);
    if (ctx) ctx.font = `${size}px ${CHART_FONT}`;
    const total = names.reduce((a, n) => a + (ctx ? ctx.measureText(n).width : n.length * size) + Number(l.itemWidth ?? 25) + 5 + 10, 0);
    const avail = Math.max(100, width - 16);
    const rows = Math.max(1, Math.ceil(total / avail));
    extra = Math.max(extra, (rows - 1) * (size + 10));
    return { ...l, type: 'plain', left: 8, right: 8 };
  });
  if (legends.length) out.legend = Array.isArray(option.legend) ? fixed : fixed[0];
  const grid = option.grid && !Array.isArray(option.grid) ? option.grid as Obj : null;
  if (extra && grid && typeof grid.top === 'number') out.grid = { ...grid, top: grid.top + extra };
  // Heatmap cells too narrow for their numbers on paper: colours only (the table has the numbers).
  const xAxis = option.xAxis && !Array.isArray(option.xAxis) ? option.xAxis as Obj : null;
  const columns = Array.isArray(xAxis?.data) ? (xAxis!.data as unknown[]).length : 0;
  const plot = width - Number(grid?.left ?? 80) - Number(grid?.right ?? 80);
  if (columns && plot / columns < 44 && series.some((x) => x.type === 'heatmap')) {
    out.series = series.map((x) => (x.type === 'heatmap' ? { ...x, label: { ...(x.label as Obj | undefined), show: false } } : x));
  }
  return { option: out, extra };
}

interface ChartProps {
  option: EChartsCoreOption;
  height: number;
  label: string;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}

/**
 * Every series painted in one go. ECharts paints large series (a heatmap of many townships ×
 * periods) progressively, continuing in the next animation frame; that continuation is not
 * cancelled by dispose(), so a chart disposed mid-paint — the print image's off-screen chart, or
 * a view left while it draws — threw "Cannot read properties of null (reading 'layerStack')".
 */
export function paintAtOnce(option: Obj): Obj {
  const series = option.series;
  if (!series) return option;
  const flat = (x: unknown) => (x && typeof x === 'object' ? { ...(x as Obj), progressive: 0 } : x);
  return { ...option, series: Array.isArray(series) ? series.map(flat) : flat(series) };
}

export const Chart = forwardRef<ChartHandle, ChartProps>(function Chart({ option, height, label, onClick, testId }, handle) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const full = paintAtOnce({ textStyle: { fontFamily: CHART_FONT }, animation: false, ...option });

  useEffect(() => {
    const el = ref.current!;
    chart.current = echarts.init(el, null, { renderer: 'canvas' });
    chart.current.on('click', (e) => clickRef.current?.(e as ChartClick));
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(full, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [option]);

  /** The export option, with the legend entries switched off on screen kept off. */
  const exported = (opts: ChartExportText) => {
    const { width, height: h } = ref.current!.getBoundingClientRect();
    const live = chart.current?.getOption() as Obj | undefined;
    const selected = (Array.isArray(live?.legend) ? (live!.legend as Obj[])[0]?.selected : undefined) as Record<string, boolean> | undefined;
    return exportOption(full as Obj, { ...opts, width: Math.round(width), height: Math.round(h), measure: measureText, selected });
  };

  /** Renders an option once, off screen, and hands the instance to `read`. */
  const offScreen = <T,>(renderer: 'canvas' | 'svg', option: Obj, w: number, h: number, read: (c: echarts.ECharts) => T): T => {
    const el = document.createElement('div');
    el.style.cssText = `position:fixed;left:-10000px;top:0;width:${w}px;height:${h}px`;
    if (renderer === 'canvas') document.body.appendChild(el);
    const off = echarts.init(el, null, renderer === 'svg' ? { renderer, ssr: true, width: w, height: h } : { renderer, width: w, height: h });
    try {
      off.setOption(option);
      return read(off);
    } finally {
      off.dispose();
      el.remove();
    }
  };

  useImperativeHandle(handle, () => ({
    toExportPng: (opts) => {
      const { option: o, height: h } = exported(opts);
      const w = Math.round(ref.current!.getBoundingClientRect().width);
      return offScreen('canvas', o, w, h, (c) => c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
    },
    toExportSvg: (opts) => {
      const { option: o, height: h } = exported(opts);
      const w = Math.round(ref.current!.getBoundingClientRect().width);
      return offScreen('svg', { ...o, backgroundColor: '#fff' }, w, h, (c) => c.renderToSVGString());
    },
    toPng: () => chart.current!.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }),
    toSvg: () => {
      // Render the same option once more with the SVG renderer, off screen.
      const el = document.createElement('div');
      const { width, height: h } = ref.current!.getBoundingClientRect();
      const svg = echarts.init(el, null, { renderer: 'svg', ssr: true, width: Math.round(width), height: Math.round(h) });
      svg.setOption(full);
      const markup = svg.renderToSVGString();
      svg.dispose();
      return markup;
    },
    toPrintPng: () => {
      const { width, height: h } = ref.current!.getBoundingClientRect();
      const w = Math.round(width);
      const { option: printed, extra } = printableOption(full as Obj, w);
      const el = document.createElement('div');
      el.style.cssText = `position:fixed;left:-10000px;top:0;width:${w}px;height:${Math.round(h + extra)}px`;
      document.body.appendChild(el);
      const off = echarts.init(el, null, { renderer: 'canvas', width: w, height: Math.round(h + extra) });
      try {
        off.setOption(printed);
        return off.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      } finally {
        off.dispose();
        el.remove();
      }
    },
  }));

  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ height, width: '100%' }} />;
});
