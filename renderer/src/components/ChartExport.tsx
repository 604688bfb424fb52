/** PNG (2×) and SVG export buttons for a chart. */
import type { RefObject } from 'react';
import { downloadText } from '../import/download.ts';
import type { ChartHandle } from './Chart.tsx';

function downloadDataUrl(filename: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
}

export function ChartExport({ chart, name }: { chart: RefObject<ChartHandle | null>; name: string }) {
  return (
    <span className="chart-export">
      <button className="link" onClick={async () => {
        await document.fonts.ready;
        if (chart.current) downloadDataUrl(`${name}.png`, chart.current.toPng());
      }}>导出PNG</button>
      <button className="link" onClick={() => chart.current && downloadText(`${name}.svg`, chart.current.toSvg(), 'image/svg+xml')}>导出SVG</button>
    </span>
  );
}
