/**
 * 排名 (the 观摩评比 view): townships ranked for the selected period by a measure, with
 * the change against the previous quarter; 红榜 / 黑榜; 进步星 candidates; the 降星
 * list; 目标达成. Township rankings compare every township (the kind filter applies,
 * the township filter only highlights); unit lists follow the whole global filter.
 * Clicking a township anywhere here filters every view to it.
 */
import { useCallback } from 'react';
import { periodLabel } from '../../../shared/period.ts';
import { placeName } from '../../../shared/scope.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { KIND_NAMES } from '../../../shared/stars.ts';
import { EmptyState } from '../components/States.tsx';
import { useOpenImport } from '../import/ImportHost.tsx';
import { filterStore, useFilter } from '../state/filter-store.ts';
import { BoardsPanel, DEFAULT_BOARDS, type BoardSettings } from './ranking/Boards.tsx';
import { MeasureSelect, measureById, RANK_MEASURES, usePeriods } from './ranking/parts.tsx';
import { createStore, useStore } from '../state/store.ts';
import { DemotionPanel, ProgressPanel } from './ranking/StarChanges.tsx';
import { TargetsPanel } from './ranking/Targets.tsx';
import { PlanPanel } from './ranking/PlanPanel.tsx';
import { MapPanel } from './ranking/MapPanel.tsx';
import { WeakPanel } from './ranking/WeakPanel.tsx';
import { DEFAULT_NEAR_STAR, NearStarPanel, type NearStarSettings } from './ranking/NearStar.tsx';
import { TownshipRankingPanel } from './ranking/TownshipRanking.tsx';
import './ranking/ranking.css';

interface RankingSettings {
  measure: string;
  boards: BoardSettings;
  /** 进步星 span; null = the default (previous quarter → selected period). */
  from: string | null;
  to: string | null;
  /** 冲星名单: how close (points) and which star. */
  nearStar: NearStarSettings;
}

const settingsStore = createStore<RankingSettings>({ measure: RANK_MEASURES[0].id, boards: DEFAULT_BOARDS, from: null, to: null, nearStar: DEFAULT_NEAR_STAR });

export function RankingView() {
  const filter = useFilter();
  const settings = useStore(settingsStore);
  const periods = usePeriods();
  const measure = measureById(settings.measure);
  const loaded = useLoadedCounties();

  // Clicking the township already filtered on clears the filter again.
  const pick = useCallback((township: string) => {
    const now = filterStore.get().townships;
    filterStore.set({ townships: now.length === 1 && now[0] === township ? [] : [township] });
  }, []);

  if (!filter.period) return <NoData />;
  const period = filter.period;
  const scope = filter.kind ? `（仅${KIND_NAMES[filter.kind]}）` : '';

  return (
    <div className="ranking-view" data-testid="ranking-view">
      <div className="rk-head">
        {/* Townships rank within the chosen counties (shared/views/ranking.ts): the heading names them. */}
        <h2 className="view-title">{periodLabel(period)} · {placeName({ townships: [], counties: filter.counties ?? [] }, loaded)}各乡镇排名{scope}</h2>
        <label className="tool">排名指标
          <MeasureSelect label="排名指标" value={measure.id} onChange={(id) => settingsStore.set({ measure: id })} testId="rank-measure" />
        </label>
      </div>
      <TownshipRankingPanel period={period} measure={measure} kind={filter.kind} counties={filter.counties ?? []} selected={filter.townships} onPick={pick} />
      <MapPanel period={period} filter={filter} onPick={pick} />
      <BoardsPanel period={period} measure={measure} filter={filter} settings={settings.boards}
        onSettings={(boards) => settingsStore.set({ boards })} onPick={pick} />
      <div className="rk-two">
        <ProgressPanel period={period} periods={periods} filter={filter}
          from={settings.from} onFrom={(from) => settingsStore.set({ from })}
          to={settings.to} onTo={(to) => settingsStore.set({ to })} />
        <DemotionPanel period={period} filter={filter} />
      </div>
      <TargetsPanel period={period} filter={filter} onPick={pick} />
      <PlanPanel period={period} filter={filter} onPick={pick} />
      <WeakPanel period={period} filter={filter} onPick={pick} />
      <NearStarPanel period={period} filter={filter} settings={settings.nearStar} onSettings={(nearStar) => settingsStore.set({ nearStar })} />
    </div>
  );
}

function NoData() {
  const openImport = useOpenImport();
  return (
    <EmptyState title="还没有评定数据">
      <p>导入各乡镇报送的台账后，这里会按期次给各乡镇排名，并列出红黑榜、进步星、降星和未达创建目标的单位。</p>
      <button className="primary" onClick={openImport}>导入台账（Ctrl+O）</button>
    </EmptyState>
  );
}
