/**
 * 冲星名单: units that do not hold a star yet but score within N points of it, by township,
 * the smallest gap first — the list a township secretary works from. Only files that score
 * their stars have one; a file of √ marks says so.
 */
import { useMemo } from 'react';
import type { ColDef } from 'ag-grid-community';
import { MAX_NEAR_STAR_WITHIN, type NearStarRow } from '../../../../shared/analysis/ranking.ts';
import { formatMeasureValue } from '../../../../shared/format.ts';
import { periodLabel, type Period } from '../../../../shared/period.ts';
import { townshipNames } from '../../../../shared/scope.ts';
import { starById, STARS, type StarId } from '../../../../shared/stars.ts';
import { type RankingFilter, resolveNearStar } from '../../../../shared/views/ranking.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import { LevelTag, ListGrid, PanelHead } from './parts.tsx';

export interface NearStarSettings {
  within: number;
  star: StarId | null;
}

export const DEFAULT_NEAR_STAR: NearStarSettings = { within: 5, star: null };

const score = (v: unknown) => formatMeasureValue('score', typeof v === 'number' ? v : null);

type Row = NearStarRow & { place: string };

const columns: Array<ColDef<Row>> = [
  { field: 'place', headerName: '乡镇（街道）', width: 120 },
  { field: 'name', headerName: '村（社区）', width: 120, cellClass: 'cell-name' },
  { field: 'level', headerName: '现星级', width: 84, cellRenderer: (p: { value: number }) => <LevelTag level={p.value} /> },
  { field: 'star', headerName: '冲的星', width: 112, valueFormatter: (p) => starById(p.value as StarId).name },
  { field: 'score', headerName: '得分', width: 76, type: 'rightAligned', valueFormatter: (p) => score(p.value) },
  { field: 'threshold', headerName: '获星线', width: 76, type: 'rightAligned', valueFormatter: (p) => score(p.value) },
  { field: 'gap', headerName: '还差（分）', width: 92, type: 'rightAligned', valueFormatter: (p) => score(p.value), cellClass: 'cell-down', sort: 'asc' },
];

export function NearStarPanel({ period, filter, settings, onSettings }: {
  period: Period; filter: RankingFilter; settings: NearStarSettings; onSettings: (s: NearStarSettings) => void;
}) {
  const q = useMemo(() => resolveNearStar(settings, { ...filter, period }), [settings, filter, period]);
  const { data, error, slow } = useAnalysis(q);
  const rows = useMemo<Row[]>(() => {
    if (!data) return [];
    const names = townshipNames(data.rows);
    return data.rows.map((r, i) => ({ ...r, place: names[i] }));
  }, [data]);
  // Per township, how many (unit, star) pairs are close: a short line above the list.
  const byTownship = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.place, (counts.get(r.place) ?? 0) + 1);
    return [...counts];
  }, [rows]);

  let body;
  if (error) body = <ErrorState title="冲星名单查询失败" error={error} />;
  else if (!data) body = slow ? <Spinner text="正在查找接近获星的单位…" /> : <div className="grid-placeholder" />;
  else if (data.scored === 0) {
    body = (
      <EmptyState title={`${periodLabel(period)}的台账没有星级得分`}>
        按 √ 标记星级的台账没有冲星名单。导入按分数评星的台账（如“支部过硬星得分”“总分”列）后，这里会列出距获星只差几分的单位。
      </EmptyState>
    );
  } else {
    body = (
      <>
        <p className="muted small list-note" data-testid="near-star-count">
          {rows.length === 0
            ? `没有距获星${settings.within}分以内的单位。`
            : `共${rows.length}项：${byTownship.map(([t, n]) => `${t} ${n}`).join('，')}。`}
        </p>
        <ListGrid rows={rows} columns={columns} height={300} rowId={(r) => `${r.unitId}|${r.star}`} testId="near-star-grid" noRows="没有接近获星的单位" />
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="rk-near-title" data-testid="near-star">
      <PanelHead id="rk-near-title" title="冲星名单">
        <label className="tool small">距获星
          <input type="number" min={1} max={MAX_NEAR_STAR_WITHIN} step={1} value={settings.within} aria-label="距获星分数"
            onChange={(e) => {
              const v = Math.round(Number(e.target.value));
              if (Number.isFinite(v) && v >= 1 && v <= MAX_NEAR_STAR_WITHIN) onSettings({ ...settings, within: v });
            }} style={{ width: 56 }} />分以内
        </label>
        <select aria-label="冲星名单的星" value={settings.star ?? ''} onChange={(e) => onSettings({ ...settings, star: (e.target.value || null) as StarId | null })}>
          <option value="">全部星</option>
          {STARS.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        <AddToBriefing spec={{ kind: 'nearStar', within: settings.within, star: settings.star }} testId="add-near-star" />
      </PanelHead>
      {body}
    </section>
  );
}
