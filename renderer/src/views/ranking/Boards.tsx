/**
 * 红榜 / 黑榜: the best and the worst N townships (by the ranking measure or its change)
 * or units (by level, change, stars gained / lost, score or income). Ties at the
 * boundary are all listed.
 */
import { townshipNames } from '../../../../shared/scope.ts';
import { useMemo, useState } from 'react';
import { periodKey, previousPeriod, type Period } from '../../../../shared/period.ts';
import { resolveTownshipBoard, resolveUnitBoard } from '../../../../shared/views/ranking.ts';
import { comparisonState, NO_COMPARABLE, NO_PREVIOUS_DATA, uncomparedNote } from '../../../../shared/format.ts';
import { comparisonQuery } from '../../../../shared/analysis/comparable.ts';
import type { UnitKind } from '../../../../shared/stars.ts';
import { scopeFromFilter } from '../../../../shared/analysis/common.ts';
import { isChangeMeasure, UNIT_MEASURE_LABELS, type UnitBoardRow, type UnitMeasure } from '../../../../shared/analysis/ranking.ts';
import { formatDelta, formatMeasureValue } from '../../../../shared/format.ts';
import { DeltaBadge } from '../../components/Delta.tsx';
import { ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import { againstLabel, LevelTag, type MeasureOption, PanelHead, starList, townshipChangeNote } from './parts.tsx';

type Target = 'township' | 'unit';
type Board = 'red' | 'black';

export interface BoardSettings {
  target: Target;
  by: 'value' | 'change';
  unitBy: UnitMeasure;
  n: number;
}

export const DEFAULT_BOARDS: BoardSettings = { target: 'township', by: 'value', unitBy: 'level', n: 5 };

const UNIT_MEASURES = Object.keys(UNIT_MEASURE_LABELS) as UnitMeasure[];

export function BoardsPanel(props: {
  period: Period;
  measure: MeasureOption;
  filter: { townships: string[]; kind: UnitKind | null; counties?: string[] };
  settings: BoardSettings;
  onSettings: (s: BoardSettings) => void;
  onPick: (township: string) => void;
}) {
  const { settings: s, onSettings } = props;
  const [nText, setNText] = useState(String(s.n));
  const setN = (text: string) => {
    setNText(text);
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= 50) onSettings({ ...s, n });
  };
  const scopeNote = s.target === 'unit' && props.filter.townships.length ? `（${props.filter.townships.join('、')}）` : '';
  return (
    <section className="panel" aria-labelledby="rk-boards-title">
      <PanelHead id="rk-boards-title" title={<>红榜 · 黑榜<span className="muted small">{scopeNote}</span></>}>
        <div className="segmented" role="radiogroup" aria-label="榜单对象">
          {([['township', '乡镇'], ['unit', '村（社区）']] as Array<[Target, string]>).map(([t, label]) => (
            <button key={t} role="radio" aria-checked={s.target === t} className={s.target === t ? 'active' : ''}
              onClick={() => onSettings({ ...s, target: t })}>{label}</button>
          ))}
        </div>
        {s.target === 'township' ? (
          <label className="tool">依据
            <select aria-label="榜单依据" value={s.by} onChange={(e) => onSettings({ ...s, by: e.target.value as 'value' | 'change' })}>
              <option value="value">{props.measure.label}</option>
              <option value="change">{props.measure.label}较上期变化</option>
            </select>
          </label>
        ) : (
          <label className="tool">依据
            <select aria-label="榜单依据" value={s.unitBy} onChange={(e) => onSettings({ ...s, unitBy: e.target.value as UnitMeasure })}>
              {UNIT_MEASURES.map((m) => <option key={m} value={m}>{UNIT_MEASURE_LABELS[m]}</option>)}
            </select>
          </label>
        )}
        <label className="tool">前
          <input type="number" className="n-input" aria-label="上榜数量" min={1} max={50} value={nText}
            onChange={(e) => setN(e.target.value)} onBlur={() => setNText(String(s.n))} />
          名
        </label>
        <AddToBriefing spec={{ kind: 'boards', target: s.target, measure: props.measure.spec, by: s.by, unitBy: s.unitBy, n: s.n }} testId="add-boards" />
      </PanelHead>
      <div className="boards">
        {(['red', 'black'] as Board[]).map((b) => (
          s.target === 'township'
            ? <TownshipBoard key={b} board={b} {...props} />
            : <UnitBoard key={b} board={b} {...props} />
        ))}
      </div>
    </section>
  );
}

const BOARD_NAMES: Record<Board, string> = { red: '红榜', black: '黑榜' };

function BoardFrame({ board, title, count, n, children, loading, note }: { board: Board; title: string; count: number | null; n: number; children: React.ReactNode; loading: boolean; note?: string }) {
  return (
    <div className={`board board-${board}`} data-testid={`board-${board}`} aria-busy={loading}>
      <div className="board-head">
        <b>{BOARD_NAMES[board]}</b>
        <span>{title}</span>
        {count != null && count > n && <span className="small">（并列者全部列入，共{count}个）</span>}
      </div>
      <div className="board-body">{children}</div>
      {note && <p className="muted small board-note" data-testid={`board-${board}-note`}>{note}。</p>}
    </div>
  );
}

function TownshipBoard({ board, period, measure, filter, settings, onPick }: {
  board: Board; period: Period; measure: MeasureOption; filter: { townships: string[]; kind: UnitKind | null; counties?: string[] }; settings: BoardSettings; onPick: (t: string) => void;
}) {
  const key = periodKey(period);
  // The 排名 resolver decides the scope, as for the ranking and in the 简报.
  const q = useMemo(() => resolveTownshipBoard({ measure: measure.spec, by: settings.by, n: settings.n }, board,
    { period, counties: filter.counties ?? [], townships: filter.townships, kind: filter.kind }),
  // eslint-disable-next-line react-hooks/exhaustive-deps
  [key, measure, filter.kind, filter.counties, board, settings.by, settings.n]);
  const { data, error, slow, loading } = useAnalysis(q);
  const against = againstLabel(period, previousPeriod(period));
  const title = settings.by === 'change' ? `${measure.label}较${against}变化` : measure.label;
  return (
    <BoardFrame board={board} title={title} count={data?.rows.length ?? null} n={settings.n} loading={loading}>
      {error ? <ErrorState title="榜单查询失败" error={error} />
        : !data ? (slow ? <Spinner text="正在计算…" /> : null)
          // Boards skip townships without a value: for a change, that is every township with nothing to compare.
          : data.rows.length === 0 ? <p className="muted board-empty">{settings.by === 'change' || isChangeMeasure(measure.spec) ? NO_COMPARABLE : '没有数据'}</p>
            : (
              <table className="rk-table compact">
                <thead><tr><th className="num">名次</th><th className="text">乡镇（街道）</th><th className="num">{measure.label}</th><th className="num">较{against}</th></tr></thead>
                <tbody>
                  {data.rows.map((r, i) => (
                    <tr key={`${r.county ?? ''}|${r.township}`} className={filter.townships.includes(r.township) ? 'clickable active' : 'clickable'}
                      onClick={() => onPick(r.township)} title={`点击筛选${r.township}`}>
                      <td className="num">{r.boardRank}</td>
                      <td className="text name">{townshipNames(data.rows)[i]}</td>
                      <td className="num strong" title={isChangeMeasure(measure.spec) ? townshipChangeNote(measure.spec, r, against) || undefined : undefined}>
                        {formatMeasureValue(measure.spec, r.value)}
                      </td>
                      <td className="num">
                        <DeltaBadge delta={formatDelta(measure.spec, r.delta, against)}
                          note={isChangeMeasure(measure.spec) ? undefined : townshipChangeNote(measure.spec, r, against) || undefined} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
    </BoardFrame>
  );
}

function unitValue(by: UnitMeasure, r: UnitBoardRow): React.ReactNode {
  switch (by) {
    case 'level': return <LevelTag level={r.level} />;
    case 'levelChange': case 'starsGained': case 'starsLost': {
      const v = r.value ?? 0;
      return <span className={v > 0 ? 'delta delta-up' : v < 0 ? 'delta delta-down' : 'delta delta-flat'}>{v === 0 ? '0' : formatDelta('count', v).bare}</span>;
    }
    case 'score': return formatMeasureValue('score', r.value);
    case 'collective_income': return formatMeasureValue('money', r.value);
  }
}

function UnitBoard({ board, period, filter, settings }: {
  board: Board; period: Period; filter: { townships: string[]; kind: UnitKind | null; counties?: string[] }; settings: BoardSettings;
}) {
  const key = periodKey(period);
  const q = useMemo(() => resolveUnitBoard({ unitBy: settings.unitBy, n: settings.n }, board, { ...filter, period }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, settings.unitBy, board, settings.n, filter]);
  const { data, error, slow, loading } = useAnalysis(q);
  const by = settings.unitBy;
  // Units without a previous rating have no change: left out of the board, and counted here.
  const change = by === 'levelChange' || by === 'starsGained' || by === 'starsLost';
  const cq = useMemo(() => (change ? comparisonQuery({ period: key, scope: scopeFromFilter(filter) }) : null), [change, key, filter]);
  const comparison = useAnalysis(cq).data;
  const against = period.quarter == null ? '上年度' : '上季度';
  const state = change && comparison ? comparisonState(comparison) : 'full';
  const starsCol = by === 'starsGained' || by === 'starsLost';
  const lastHead = starsCol ? (by === 'starsLost' ? '摘除的星' : '新增的星') : by === 'level' ? '上期星级' : by === 'levelChange' ? '星级（上期→本期）' : '星级';
  return (
    <BoardFrame board={board} title={UNIT_MEASURE_LABELS[settings.unitBy]} count={data?.rows.length ?? null} n={settings.n} loading={loading}
      note={state === 'partial' && comparison ? uncomparedNote(comparison, against) : undefined}>
      {error ? <ErrorState title="榜单查询失败" error={error} />
        : !data ? (slow ? <Spinner text="正在计算…" /> : null)
          : state === 'no-previous' || state === 'none'
            ? <p className="muted board-empty">{state === 'none' ? `${NO_COMPARABLE}（${uncomparedNote(comparison!, against)}）` : NO_PREVIOUS_DATA}</p>
          : data.rows.length === 0 ? <p className="muted board-empty">没有数据</p>
            : (
              <table className="rk-table compact">
                <thead>
                  <tr>
                    <th className="num">名次</th><th className="text">村（社区）</th><th className="text">乡镇（街道）</th>
                    <th className="num">{UNIT_MEASURE_LABELS[settings.unitBy].replace('（万元）', '')}</th>
                    <th className="text">{lastHead}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.unitId}>
                      <td className="num">{r.boardRank}</td>
                      <td className="text name">{r.name}</td>
                      <td className="text">{r.township}</td>
                      <td className="num strong">{unitValue(settings.unitBy, r)}</td>
                      <td className="text small-cell">
                        {starsCol ? starList(by === 'starsLost' ? r.lost : r.gained)
                          : by === 'level' ? <LevelTag level={r.prevLevel} />
                            : by === 'levelChange' ? <span className="level-change"><LevelTag level={r.prevLevel} /><span className="arrow">→</span><LevelTag level={r.level} /></span>
                              : <LevelTag level={r.level} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
    </BoardFrame>
  );
}
