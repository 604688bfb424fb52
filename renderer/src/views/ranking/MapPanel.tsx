/**
 * 乡镇地图 (issue 17): where the office has a township boundary file (GeoJSON it supplies;
 * nothing is fetched), the townships coloured by a township measure of the selected period —
 * the same values the 乡镇排名 shows (shared/views/ranking.ts resolveRanking) — and a click on a
 * township filters every view to it. Without a file only the button to load one is offered.
 * The file travels with the workspace ('map' part, renderer/src/state/map-store.ts).
 */
import { useMemo, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import {
  aspectScale, BoundaryError, checkBoundarySize, mapGeoJson, matchNote, matchTownships, nameList, readBoundaryBytes,
  type BoundaryFile,
} from '../../../../shared/map/geojson.ts';
import { formatMeasureValue } from '../../../../shared/format.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { periodKey, periodLabel, type Period } from '../../../../shared/period.ts';
import { resolveRanking } from '../../../../shared/views/ranking.ts';
import { Chart, escapeHtml, type ChartHandle } from '../../components/Chart.tsx';
import { ChartExport } from '../../components/ChartExport.tsx';
import { ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { putBoundary, removeBoundary, useMapState } from '../../state/map-store.ts';
import { createStore, useStore } from '../../state/store.ts';
import { notify } from '../../state/toast.ts';
import { MeasureSelect, measureById, PanelHead, RANK_MEASURES, type MeasureOption } from './parts.tsx';

echarts.use([MapChart, GeoComponent, TooltipComponent, VisualMapComponent]);

/** The map's measure survives a screen switch; default 三星以上占比 (RANK_MEASURES[0]). */
const settingsStore = createStore<{ measure: string }>({ measure: RANK_MEASURES[0].id });

const NO_DATA = '#e3e6ea';
const SCALE = ['#fbeaec', '#f0a3ad', '#C8102E'];

async function readFile(file: File): Promise<BoundaryFile> {
  checkBoundarySize(file.name, file.size);
  return readBoundaryBytes(file.name, new Uint8Array(await file.arrayBuffer()));
}

export function MapPanel({ period, filter, onPick }: { period: Period; filter: Filter; onPick: (township: string) => void }) {
  const { boundary } = useMapState();
  const settings = useStore(settingsStore);
  const measure = measureById(settings.measure);
  const input = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setImportError(null);
    try {
      const read = await readFile(file);
      const replaced = boundary ? '，替换了原有的边界' : '';
      putBoundary(read);
      notify(`已导入乡镇边界“${read.fileName}”（${read.shapes.length}个区域${replaced}），按 Ctrl+Z 撤销`);
    } catch (e) {
      setImportError(e instanceof BoundaryError ? e.message : `无法读取乡镇边界文件“${file.name}”：${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <section className="panel" aria-labelledby="rk-map-title" data-testid="map-panel">
      <PanelHead id="rk-map-title" title="乡镇地图">
        {boundary && (
          <>
            <span className="muted small">{periodLabel(period)} · 点击乡镇可筛选各页面</span>
            <label className="tool">着色指标
              <MeasureSelect label="地图着色指标" value={measure.id} onChange={(id) => settingsStore.set({ measure: id })} testId="map-measure" />
            </label>
          </>
        )}
        <input ref={input} type="file" accept=".geojson,.json" hidden data-testid="map-input"
          onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
        <button type="button" onClick={() => input.current?.click()} data-testid="map-import">
          {boundary ? '更换边界文件…' : '导入乡镇边界（GeoJSON）…'}
        </button>
        {boundary && (
          <button type="button" data-testid="map-remove"
            onClick={() => { removeBoundary(); notify(`已移除乡镇边界“${boundary.fileName}”，按 Ctrl+Z 撤销`); }}>移除边界</button>
        )}
      </PanelHead>
      {importError && <p className="warn-text" role="alert" data-testid="map-error">{importError}</p>}
      {boundary && <MapBody boundary={boundary} period={period} filter={filter} measure={measure} onPick={onPick} />}
    </section>
  );
}

let mapSerial = 0;

function MapBody({ boundary, period, filter, measure, onPick }: {
  boundary: BoundaryFile; period: Period; filter: Filter; measure: MeasureOption; onPick: (township: string) => void;
}) {
  const chart = useRef<ChartHandle>(null);
  const counties = filter.counties ?? [];
  const countyKey = counties.join('\u0000');
  // The 排名 resolver: every township of the chosen counties and kind (the township filter only highlights).
  const q = useMemo(() => resolveRanking({ measure: measure.spec }, { period, counties, townships: [], kind: filter.kind }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [periodKey(period), measure, filter.kind, countyKey]);
  const { data, error, slow } = useAnalysis(q);

  const rows = useMemo(() => data?.rows ?? [], [data]);
  const townships = useMemo(() => [...new Set(rows.map((r) => r.township))], [rows]);
  const townshipKey = townships.join('\u0000');
  const match = useMemo(() => matchTownships(boundary.shapes.map((s) => s.name), townships),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [boundary, townshipKey]);
  // One map name per file and match: ECharts keeps registered maps globally.
  const mapName = useMemo(() => {
    const name = `xingtu-township-map-${++mapSerial}`;
    echarts.registerMap(name, mapGeoJson(boundary, match) as Parameters<typeof echarts.registerMap>[1]);
    return name;
  }, [boundary, match]);

  // A township name in two counties (a merged city workspace) cannot be told apart on the map.
  const twice = useMemo(() => {
    const seen = new Set<string>();
    const out = new Set<string>();
    for (const r of rows) (seen.has(r.township) ? out : seen).add(r.township);
    return [...out];
  }, [rows]);
  const values = useMemo(() => {
    const by = new Map<string, number | null>();
    for (const r of rows) if (!by.has(r.township)) by.set(r.township, r.value);
    return by;
  }, [rows]);
  const drawn = useMemo(() => new Set(match.township.values()), [match]);

  const option = useMemo(() => {
    const spec = measure.spec;
    const shown = townships.filter((t) => drawn.has(t));
    const numbers = shown.map((t) => values.get(t)).filter((v): v is number => v != null && Number.isFinite(v));
    let min = numbers.length ? Math.min(...numbers) : 0;
    let max = numbers.length ? Math.max(...numbers) : 1;
    if (min === max) {
      min = Math.min(min, 0);
      max = max === min ? min + 1 : max;
    }
    const fmt = (v: number) => formatMeasureValue(spec, v);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const t = p.name;
          if (!drawn.has(t)) return `${escapeHtml(t)}<br/>未对应到已导入的乡镇`;
          const v = values.get(t);
          return `${escapeHtml(t)}<br/>${escapeHtml(measure.label)}：${escapeHtml(formatMeasureValue(spec, v))}`;
        },
      },
      ...(numbers.length ? {
        visualMap: {
          type: 'continuous', min, max, left: 8, bottom: 8, itemHeight: 100, calculable: false, realtime: false,
          inRange: { color: SCALE }, text: [fmt(max), fmt(min)], textStyle: { color: '#4b5563' },
          formatter: (v: number) => fmt(v),
        },
      } : {}),
      series: [{
        type: 'map', map: mapName, roam: false, selectedMode: false,
        aspectScale: aspectScale(boundary), left: 16, right: 16, top: 12, bottom: 12, preserveAspect: 'contain',
        label: { show: true, fontSize: 11, color: '#1f2329' },
        itemStyle: { areaColor: NO_DATA, borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#f6d38b', borderColor: '#1f2329', borderWidth: 1.5 } },
        data: shown.flatMap((t) => {
          const v = values.get(t);
          if (v == null || !Number.isFinite(v)) return [];
          const picked = filter.townships.includes(t);
          return [{ name: t, value: v, ...(picked ? { itemStyle: { borderColor: '#1f2329', borderWidth: 2.5 } } : {}) }];
        }),
      }],
    };
  }, [mapName, boundary, measure, townships, drawn, values, filter.townships]);

  if (error) return <ErrorState title="乡镇地图查询失败" error={error} />;
  if (!data) return slow ? <Spinner text="正在计算各乡镇数值…" /> : <div className="rk-placeholder" />;

  const notes = [matchNote(match)];
  if (twice.length) notes.push(`注：${nameList(twice)}在多个县（市、区）都有，地图按名称只显示第一个。`);
  if (boundary.notes.length) notes.push(`边界文件中：${boundary.notes.join('；')}。`);
  const note = notes.filter(Boolean).join(' ');

  return (
    <div className="map-body">
      <div className="rk-chart-head">
        <span className="muted small">{measure.label} · 边界文件：{boundary.fileName} · 灰色为无数据</span>
        <ChartExport chart={chart} name={`乡镇地图-${measure.label}-${periodKey(period)}`} />
      </div>
      <Chart ref={chart} option={option} height={440} label={`各乡镇${measure.label}地图`} testId="map-chart"
        onClick={(e) => { if (e.name && drawn.has(e.name)) onPick(e.name); }} />
      {note && <p className="muted small list-note" data-testid="map-note">{note}</p>}
      <details className="small">
        <summary>各乡镇数值</summary>
        <ul className="map-values" data-testid="map-values">
          {townships.map((t) => (
            <li key={t} data-testid="map-value" data-township={t}>
              <button type="button" className="link" onClick={() => onPick(t)} title={`点击筛选${t}`}>{t}</button>
              ：<span data-testid="map-value-text">{formatMeasureValue(measure.spec, values.get(t))}</span>
              {!drawn.has(t) && <span className="muted">（无边界）</span>}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
