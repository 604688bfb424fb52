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
}

interface ChartProps {
  option: EChartsCoreOption;
  height: number;
  label: string;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}

export const Chart = forwardRef<ChartHandle, ChartProps>(function Chart({ option, height, label, onClick, testId }, handle) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const full = { textStyle: { fontFamily: CHART_FONT }, animation: false, ...option };

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

  useImperativeHandle(handle, () => ({
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
  }));

  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ height, width: '100%' }} />;
});
