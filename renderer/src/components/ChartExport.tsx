/** PNG (2×) and SVG export buttons for a chart; the file name is made safe (a township may be called "城关/石门"). */
import type { RefObject } from 'react';
import { exportFileName } from '../import/download.ts';
import { FILE_TYPES, saveBytes, saveText } from '../platform/files.ts';
import type { ChartHandle } from './Chart.tsx';

/** Bytes of a base64 data: URL (what ECharts' getDataURL returns). */
export function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function ChartExport({ chart, name }: { chart: RefObject<ChartHandle | null>; name: string }) {
  return (
    <span className="chart-export">
      <button className="link" onClick={async () => {
        await document.fonts.ready;
        if (chart.current) await saveBytes(exportFileName(`${name}.png`, '图表'), dataUrlBytes(chart.current.toPng()), FILE_TYPES.png);
      }}>导出PNG</button>
      <button className="link" onClick={() => chart.current && saveText(exportFileName(`${name}.svg`, '图表'), chart.current.toSvg(), FILE_TYPES.svg)}>导出SVG</button>
    </span>
  );
}
