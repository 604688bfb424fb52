/**
 * 评比: 观摩评比 rounds (issue #16). A list of rounds (新建, 导入评分表), the selected round's
 * settings, the entry grid to type the judges' scores during the meeting, and the ranking
 * computed live from the round's rule (shared/judge/rules.ts, the same code as `xingtu judge`).
 */
import { useMemo, useRef, useState } from 'react';
import { PLACES_QUERY } from '../../../shared/datasets.ts';
import { historyRankText, rankChangeText, rankHistory } from '../../../shared/judge/history.ts';
import { emptyRound, rankSaved, reshape, roundFromSheet, type RoundLevel, type SavedRound } from '../../../shared/judge/round.ts';
import { describeProgress, judgeProgress } from '../../../shared/judge/progress.ts';
import type { JudgeResult } from '../../../shared/judge/rules.ts';
import { formatDelta, formatMeasureValue } from '../../../shared/format.ts';
import { parsePeriodKey, periodKey, periodLabel } from '../../../shared/period.ts';
import { resolveRanking } from '../../../shared/views/ranking.ts';
import { EmptyState } from '../components/States.tsx';
import { useAnalysis } from '../data/useQuery.ts';
import { filterStore, useFilter } from '../state/filter-store.ts';
import { notify } from '../state/toast.ts';
import { AddToBriefing } from './briefing/AddToBriefing.tsx';
import { EntryGrid } from './judge/EntryGrid.tsx';
import { rankText, ResultTable } from './judge/ResultTable.tsx';
import { DEFAULT_DECIMALS } from '../../../shared/judge/types.ts';
import { RoundSettings } from './judge/Settings.tsx';
import { deleteRound, judgeStore, putRound, selectRound, useJudge } from './judge/store.ts';
import './judge/judge.css';

/** Township names of the loaded data, each once (several counties: 城关镇 of each is one row of a round). */
function useTownships(): string[] {
  const places = useAnalysis(PLACES_QUERY).data;
  return useMemo(() => [...new Set((places ?? []).map((p) => p.township))], [places]);
}

/** Reads judges' sheets (one round from all the files' sheets) on the main thread: the sheets are small. */
async function importSheets(files: File[]): Promise<SavedRound> {
  const [{ readImportFile }, { readJudgeRound }] = await Promise.all([
    import('../../../shared/import/read.ts'),
    import('../../../shared/judge/sheet.ts'),
  ]);
  const sheets = [];
  for (const f of files) sheets.push(...(await readImportFile(f.name, new Uint8Array(await f.arrayBuffer()))));
  const read = readJudgeRound(sheets, files[0].name);
  for (const w of read.warnings.slice(0, 3)) notify(w, 'info', 8000);
  return roundFromSheet(read);
}

export function JudgeView() {
  const { rounds, selected } = useJudge();
  const round = rounds.find((r) => r.id === selected) ?? rounds[0] ?? null;
  const townships = useTownships();
  const fileInput = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);

  const create = () => {
    const p = filterStore.get().period;
    const base = p ? `${periodLabel(p)}观摩评比` : '观摩评比';
    let name = base;
    for (let i = 2; rounds.some((r) => r.name === name); i++) name = `${base}（${i}）`;
    const r = { ...emptyRound(name), period: p ? periodKey(p) : '' };
    putRound(r, `新建评比“${name}”`);
  };

  const onFiles = async (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (fileInput.current) fileInput.current.value = '';
    if (files.length === 0) return;
    try {
      const r = await importSheets(files);
      setImportError(null);
      putRound(r, `导入评分表“${r.name}”`);
      notify(`已导入评分表“${r.name}”：${r.contestants.length}个参评单位，${r.judges.length}名评委`);
    } catch (e) {
      setImportError((e as Error).message);
    }
  };

  return (
    <div className="judge-view" data-testid="judge-view">
      <aside className="jd-list" aria-label="评比列表">
        <h2 className="view-title">观摩评比</h2>
        <div className="jd-list-tools">
          <button type="button" className="primary" data-testid="judge-new" onClick={create}>新建评比</button>
          <button type="button" data-testid="judge-import" onClick={() => fileInput.current?.click()} title="导入评委评分表（Excel 或 CSV，每行一个乡镇或村，评委为列）">导入评分表…</button>
          <input ref={fileInput} type="file" hidden multiple accept=".xlsx,.xlsm,.xls,.et,.csv,.tsv,.txt" data-testid="judge-file"
            onChange={(e) => void onFiles(e.target.files)} />
        </div>
        {importError && <p className="jd-error" role="alert" data-testid="judge-import-error">{importError}</p>}
        <ul>
          {rounds.map((r) => (
            <li key={r.id}>
              <button type="button" className={r.id === round?.id ? 'jd-round active' : 'jd-round'} aria-current={r.id === round?.id ? 'true' : undefined}
                onClick={() => selectRound(r.id)}>
                <span className="jd-round-name">{r.name}</span>
                <span className="muted small">{r.contestants.length}个参评 · {r.judges.length}名评委{r.period ? ` · ${r.period}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="jd-main">
        {!round ? (
          <EmptyState title="还没有观摩评比">
            <p>观摩评比时，评委现场给各乡镇（或各村）打分，按“去掉最高分、最低分后平均”等规则算出最终得分和名次。</p>
            <p>点<strong>新建评比</strong>，设置评分部分、满分、评委和计分规则，然后在表格中录入分数（回车向下、Tab 向右），名次随录随算；
              或点<strong>导入评分表…</strong>读取评委的 Excel/CSV 评分表。结果可加入简报。</p>
            <button type="button" className="primary" onClick={create}>新建评比</button>
          </EmptyState>
        ) : (
          <>
            <RoundEditor key={round.id} round={round} townships={townships} />
            <HistoryPanel rounds={rounds} level={round.level} />
          </>
        )}
      </section>
    </div>
  );
}

function RoundEditor({ round, townships }: { round: SavedRound; townships: string[] }) {
  const outcome = useMemo(() => rankSaved(round), [round]);
  const [newName, setNewName] = useState('');
  const [newTownship, setNewTownship] = useState('');
  const flagged = useMemo(() => {
    const set = new Set<string>();
    if (!outcome.ok) return set;
    const index = new Map(round.contestants.map((c, i) => [`${c.township ?? ''}\u0000${c.name}`, i]));
    for (const r of outcome.result.rows) {
      for (const f of r.flags) set.add(`${index.get(`${r.township ?? ''}\u0000${r.name}`)}:${round.components.findIndex((c) => c.name === f.component)}:${f.judge}`);
    }
    return set;
  }, [outcome, round]);
  const latest = () => judgeStore.get().rounds.find((r) => r.id === round.id) ?? round;
  const missing = townships.filter((t) => !round.contestants.some((c) => c.name === t));

  const add = (names: Array<{ name: string; township: string | null }>, what: string) => {
    const now = latest();
    const fresh = names.filter((n) => n.name && !now.contestants.some((c) => c.name === n.name && c.township === n.township));
    if (fresh.length === 0) return;
    const contestants = [...now.contestants, ...fresh];
    putRound(reshape(now, { contestants }, { contestants: contestants.map((_, i) => (i < now.contestants.length ? i : -1)) }), what);
  };
  const addTyped = () => {
    const name = newName.replace(/\s+/g, '').slice(0, 100);
    if (!name) return;
    const township = round.level === 'unit' ? newTownship.replace(/\s+/g, '').slice(0, 100) || null : null;
    if (round.contestants.some((c) => c.name === name && c.township === township)) {
      notify(`“${township ?? ''}${name}”已在参评名单中。`, 'error');
      return;
    }
    add([{ name, township }], `添加参评单位 ${name}`);
    setNewName('');
  };

  const scored = outcome.ok && outcome.result.rows.some((r) => r.score != null);
  return (
    <div className="jd-editor">
      <div className="jd-head">
        <h2 className="view-title" data-testid="judge-title">{round.name}</h2>
        <span className="spacer" />
        <button type="button" className="link" onClick={() => {
          deleteRound(round.id);
          notify(`已删除“${round.name}”，按 Ctrl+Z 撤销`);
        }}>删除本轮</button>
      </div>
      <details className="jd-details" open={round.contestants.length === 0}>
        <summary>评比设置：{round.components.map((c) => `${c.name}（满分${c.max}）`).join('、')}；{round.judges.length}名评委</summary>
        <RoundSettings round={round} />
      </details>

      <div className="panel jd-panel">
        <div className="panel-head">
          <h3>录入评分</h3>
          <div className="panel-tools jd-add">
            {round.level === 'unit' && (
              <input aria-label="所属乡镇" placeholder="所属乡镇" value={newTownship} style={{ width: 100 }} onChange={(e) => setNewTownship(e.target.value)} />
            )}
            <input aria-label="添加参评单位" data-testid="judge-add-name" placeholder={round.level === 'unit' ? '村（社区）名称，回车添加' : '乡镇名称，回车添加'}
              value={newName} style={{ width: 170 }} list="jd-townships"
              onChange={(e) => setNewName(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') addTyped(); }} />
            <datalist id="jd-townships">{missing.map((t) => <option key={t} value={t} />)}</datalist>
            <button type="button" onClick={addTyped}>添加</button>
            {round.level === 'township' && missing.length > 0 && (
              <button type="button" data-testid="judge-fill-townships" onClick={() => add(missing.map((name) => ({ name, township: null })), `填入${missing.length}个乡镇`)}>
                填入数据中的{round.contestants.length ? `其余${missing.length}` : `全部${missing.length}`}个乡镇
              </button>
            )}
          </div>
        </div>
        {round.contestants.length === 0 ? (
          <EmptyState title="还没有参评单位">
            <p>{round.level === 'township'
              ? `点“填入数据中的全部${townships.length}个乡镇”，或在上方输入乡镇名称后回车逐个添加。`
              : '在上方输入所属乡镇和村（社区）名称后回车逐个添加。'}
            然后点表格中的第一个分数格，直接输入分数：回车向下，Tab 向右。</p>
          </EmptyState>
        ) : (
          <>
            <p className="muted small">点一个分数格后直接输入：回车到下一行，Tab 到下一位评委；超过满分的分数不会录入。Ctrl+Z 撤销上一次录入。橙色为与其他评委相差较大的分数。</p>
            <EntryGrid round={round} flagged={flagged} />
          </>
        )}
      </div>

      {round.contestants.length > 0 && (
        <div className="panel jd-panel" data-testid="judge-result-panel">
          <div className="panel-head">
            <h3>评比结果</h3>
            <div className="panel-tools">
              <AddToBriefing spec={{ kind: 'judge', roundId: round.id }} testId="judge-add-briefing"
                title="把这一轮的名次、得分和计分规则加入简报（随本轮分数更新）" />
            </div>
          </div>
          {!outcome.ok ? (
            <p className="jd-error" role="alert">{outcome.error}</p>
          ) : (
            <>
              <p className="jd-rule" data-testid="judge-rule">计分规则：{outcome.result.description}。</p>
              {!scored && <p className="muted">还没有分数：在上面的表格中录入后，名次随录随算。</p>}
              <ResultTable round={round} result={outcome.result} />
              <Warnings warnings={outcome.result.warnings} unscored={outcome.result.rows.filter((r) => r.rank == null).length} />
              {round.level === 'township' && scored && <ProgressPanel round={round} result={outcome.result} />}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** The engine's notes, with the rows nobody has scored yet said once (they are the normal state during entry). */
function Warnings({ warnings, unscored }: { warnings: string[]; unscored: number }) {
  const rest = warnings.filter((w) => !w.includes('没有任何评委打分'));
  if (rest.length === 0 && unscored === 0) return null;
  return (
    <ul className="jd-warnings" data-testid="judge-warnings">
      {unscored > 0 && <li>{unscored}个参评单位还没有完整的分数，暂不排名。</li>}
      {rest.slice(0, 8).map((w, i) => <li key={i}>{w}</li>)}
      {rest.length > 8 && <li>……另有 {rest.length - 8} 条提示。</li>}
    </ul>
  );
}

/** Every round of the level side by side: a township's ranks over the rounds, and the change from the one before. */
function HistoryPanel({ rounds, level }: { rounds: SavedRound[]; level: RoundLevel }) {
  const history = useMemo(() => rankHistory(rounds, level), [rounds, level]);
  if (history.rounds.length < 2) return null;
  const withTownship = level === 'unit' && history.rows.some((r) => r.township);
  return (
    <div className="panel jd-panel jd-history" data-testid="judge-history">
      <div className="panel-head">
        <h3>历次名次（{history.rounds.length}轮）</h3>
        <div className="panel-tools">
          <AddToBriefing spec={{ kind: 'judgeHistory', level }} testId="judge-history-add-briefing" title="把各轮名次对照表加入简报" />
        </div>
      </div>
      <div className="jd-result-wrap">
        <table className="jd-result">
          <thead>
            <tr>
              <th className="text">{level === 'unit' ? '村（社区）' : '乡镇（街道）'}</th>
              {withTownship && <th className="text">乡镇（街道）</th>}
              {history.rounds.map((r) => <th key={r.id} title={r.period || undefined}>{r.name}</th>)}
              <th>较上一轮</th>
            </tr>
          </thead>
          <tbody>
            {history.rows.map((r, i) => (
              <tr key={i} data-testid="judge-history-row">
                <td className="text">{r.name}</td>
                {withTownship && <td className="text">{r.township ?? ''}</td>}
                {r.cells.map((c, k) => <td key={k} className="num" title={c ? `${c.score}分` : '未参评或未评完'}>{historyRankText(c)}</td>)}
                <td className="num">{rankChangeText(r.cells)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {history.skipped.length > 0 && <p className="muted small">未计入：{history.skipped.join('；')}</p>}
      <p className="muted small">各轮按本轮的计分规则排名，按期次先后排列；“—”为该轮未参评或未评完。</p>
    </div>
  );
}

const PROGRESS_WHAT = '三星以上占比提升幅度';

/**
 * The round's townships against their star progress in the round's period: 三星以上占比 and
 * its change vs the period before (the 排名 screen's query), with Spearman's ρ in words.
 */
function ProgressPanel({ round, result }: { round: SavedRound; result: JudgeResult }) {
  const period = parsePeriodKey(round.period.trim());
  const counties = useFilterCounties();
  const q = useMemo(() => (period ? resolveRanking({ measure: { kind: 'shareAtLeast', level: 3 } }, { period, townships: [], kind: null, counties }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [round.period, counties.join('\u0000')]);
  const { data } = useAnalysis(q);
  const progress = useMemo(() => {
    if (!data) return null;
    const changes = new Map<string, number | null>();
    const values = new Map<string, number | null>();
    for (const r of data.rows) {
      if (changes.has(r.township)) continue;
      changes.set(r.township, r.delta);
      values.set(r.township, r.value);
    }
    return { ...judgeProgress(result.rows, changes), values };
  }, [data, result]);
  if (!period) return <p className="muted small jd-progress-note">填写“期次或年度”（如 2025Q4）后，可对照各乡镇该期三星以上占比的变化。</p>;
  if (!progress) return null;
  if (progress.rows.length === 0) {
    return <p className="muted small jd-progress-note">数据中没有{periodLabel(period)}这些乡镇的评定，无法对照星级变化。</p>;
  }
  return (
    <div className="jd-progress" data-testid="judge-progress">
      <h4>评比结果与星级变化（{periodLabel(period)}，较上期）</h4>
      <p data-testid="judge-progress-text">{describeProgress(progress.rho, progress.n, PROGRESS_WHAT)}</p>
      <table className="jd-result">
        <thead>
          <tr><th>名次</th><th className="text">乡镇（街道）</th><th>评比得分</th><th>三星以上占比</th><th>较上期（百分点）</th></tr>
        </thead>
        <tbody>
          {progress.rows.map((r) => (
            <tr key={r.name}>
              <td className="num">{rankText(r.rank, result.rows.filter((x) => x.rank === r.rank).length > 1)}</td>
              <td className="text">{r.name}</td>
              <td className="num">{r.score.toFixed(round.rule.decimals ?? DEFAULT_DECIMALS)}</td>
              <td className="num">{formatMeasureValue('percent', progress.values.get(r.name) ?? null)}</td>
              <td className="num">{r.change == null ? '无可比数据' : formatDelta('percent', r.change).bare}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress.unmatched.length > 0 && <p className="muted small">数据中没有：{progress.unmatched.join('、')}（名称不同或不在当前数据中），未参加对照。</p>}
    </div>
  );
}

function useFilterCounties(): string[] {
  const filter = useFilter();
  return filter.counties ?? [];
}
