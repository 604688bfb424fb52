/**
 * PNG (2×) and SVG export buttons for a chart; the file name is made safe (a township may be
 * called "城关/石门"). The image is the chart as exported (shared/chart-export.ts): a title, every
 * legend entry in rows under the plot, the source line; the chart on screen stays as it is.
 */
import type { RefObject } from 'react';
import { chartSourceLine } from '../../../shared/chart-export.ts';
import { DATASETS_SQL } from '../../../shared/sql/lists.ts';
import { useCoordinator } from '../data/context.ts';
import { exportFileName } from '../import/download.ts';
import { FILE_TYPES, saveBytes, saveText } from '../platform/files.ts';
import type { ChartExportText, ChartHandle } from './Chart.tsx';

/** Bytes of a base64 data: URL (what ECharts' getDataURL returns). */
export function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function ChartExport({ chart, name, title, subtitle }: {
  chart: RefObject<ChartHandle | null>;
  /** File name stem. */
  name: string;
  /** Title in the image (what, where, when); the file name stem when not given. */
  title?: string;
  subtitle?: string;
}) {
  const coordinator = useCoordinator();
  /** Title and source line, the source naming the loaded 台账 (导入的台账 when that cannot be read). */
  const text = async (): Promise<ChartExportText> => {
    let datasets: string[] = [];
    try {
      datasets = (await coordinator.query<{ name: string }>(DATASETS_SQL)).map((d) => String(d.name ?? ''));
    } catch {
      datasets = [];
    }
    return { title: title ?? name, subtitle, source: chartSourceLine(datasets) };
  };
  return (
    <span className="chart-export">
      <button className="link" onClick={async () => {
        await document.fonts.ready;
        const t = await text();
        if (chart.current) await saveBytes(exportFileName(`${name}.png`, '图表'), dataUrlBytes(chart.current.toExportPng(t)), FILE_TYPES.png);
      }}>导出PNG</button>
      <button className="link" onClick={async () => {
        const t = await text();
        if (chart.current) await saveText(exportFileName(`${name}.svg`, '图表'), chart.current.toExportSvg(t), FILE_TYPES.svg);
      }}>导出SVG</button>
    </span>
  );
}
