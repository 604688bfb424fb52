/**
 * A round's settings: name, period, what is scored (townships or units), the components with
 * their maxima and weights, the judges, and the rule (去掉最高最低分 or 平均, how many dropped,
 * decimals, ties, points by rank). Structural changes are undoable (Ctrl+Z); fields commit on
 * Enter or when they lose focus, so a maximum half typed never clears scores.
 */
import { useEffect, useState } from 'react';
import { chineseNumber } from '../../../../shared/briefing/model.ts';
import { MAX_COMPONENTS, MAX_JUDGES, reshape, type RoundComponent, type SavedRound } from '../../../../shared/judge/round.ts';
import { TRIM_DEFAULT_MIN_JUDGES } from '../../../../shared/judge/types.ts';
import type { JudgeRule } from '../../../../shared/judge/types.ts';
import { notify } from '../../state/toast.ts';
import { judgeStore, putRound } from './store.ts';

const latest = (round: SavedRound) => judgeStore.get().rounds.find((r) => r.id === round.id) ?? round;

/** A text field that commits on Enter or blur; Escape puts the stored value back. */
export function CommitInput({ value, onCommit, label, width, placeholder, testId }: {
  value: string;
  onCommit: (text: string) => void;
  label: string;
  width?: number;
  placeholder?: string;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input aria-label={label} value={text} placeholder={placeholder} style={width ? { width } : undefined} data-testid={testId}
      onChange={(e) => setText(e.target.value)} onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(value);
      }} />
  );
}

const positive = (text: string): number | null => {
  const n = Number(text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  return Number.isFinite(n) && n > 0 && text.trim() !== '' ? n : null;
};

export function RoundSettings({ round }: { round: SavedRound }) {
  const rule = round.rule;
  const setRule = (change: Partial<JudgeRule>, what: string) => {
    const now = latest(round);
    const next: JudgeRule = { ...now.rule, ...change };
    for (const k of Object.keys(change) as Array<keyof JudgeRule>) if (change[k] === undefined) delete next[k];
    putRound({ ...now, rule: next, updatedAt: new Date().toISOString() }, what);
  };
  const setComponents = (components: RoundComponent[], from: number[], what: string) => {
    const now = latest(round);
    let next = reshape(now, { components }, { components: from });
    // A renamed tie-break component stays the tie-break.
    const ties = now.rule.ties;
    if (typeof ties === 'object') {
      const i = now.components.findIndex((c) => c.name === ties.breakBy);
      const k = from.indexOf(i);
      if (i >= 0 && k >= 0) next = { ...next, rule: { ...next.rule, ties: { breakBy: components[k].name } } };
    }
    putRound(next, what);
  };
  const setJudges = (judges: string[], from: number[], what: string) => putRound(reshape(latest(round), { judges }, { judges: from }), what);
  const same = (n: number) => Array.from({ length: n }, (_, i) => i);

  return (
    <div className="jd-settings" data-testid="judge-settings">
      <div className="jd-row">
        <label className="tool">名称
          <CommitInput label="评比名称" value={round.name} width={260} testId="judge-name-input"
            onCommit={(t) => t.trim() && putRound({ ...latest(round), name: t.trim().slice(0, 100), updatedAt: new Date().toISOString() }, '修改评比名称')} />
        </label>
        <label className="tool">期次或年度
          <CommitInput label="期次或年度" value={round.period} width={90} placeholder="2026Q3"
            onCommit={(t) => putRound({ ...latest(round), period: t.trim().slice(0, 20), updatedAt: new Date().toISOString() }, '修改期次')} />
        </label>
        <label className="tool">参评对象
          <select aria-label="参评对象" value={round.level}
            onChange={(e) => putRound({ ...latest(round), level: e.target.value === 'unit' ? 'unit' : 'township', updatedAt: new Date().toISOString() }, '修改参评对象')}>
            <option value="township">乡镇（街道）</option>
            <option value="unit">村（社区）</option>
          </select>
        </label>
      </div>

      <fieldset className="jd-fieldset">
        <legend>评分部分</legend>
        {round.components.map((c, i) => (
          <div key={i} className="jd-row">
            <CommitInput label={`第${i + 1}部分名称`} value={c.name} width={120}
              onCommit={(t) => {
                const name = t.trim().slice(0, 40);
                if (!name) return;
                if (round.components.some((x, k) => k !== i && x.name === name)) return notify(`已有名为“${name}”的评分部分，请换一个名称。`, 'error');
                setComponents(round.components.map((x, k) => (k === i ? { ...x, name } : x)), same(round.components.length), `修改评分部分名称 ${name}`);
              }} />
            <label className="tool">满分
              <CommitInput label={`${c.name}满分`} value={String(c.max)} width={60}
                onCommit={(t) => {
                  const max = positive(t);
                  if (max == null) return notify(`“${c.name}”的满分须为正数，收到“${t}”。`, 'error');
                  setComponents(round.components.map((x, k) => (k === i ? { ...x, max } : x)), same(round.components.length), `修改“${c.name}”满分为${max}`);
                }} />
            </label>
            <label className="tool">权重
              <CommitInput label={`${c.name}权重`} value={c.weight == null ? '' : String(c.weight)} width={60} placeholder="不加权"
                onCommit={(t) => {
                  if (t.trim() === '') return setComponents(round.components.map((x, k) => (k === i ? { name: x.name, max: x.max } : x)), same(round.components.length), `取消“${c.name}”权重`);
                  const w = Number(t.trim());
                  if (!Number.isFinite(w) || w < 0) return notify(`“${c.name}”的权重须为非负数，收到“${t}”。`, 'error');
                  setComponents(round.components.map((x, k) => (k === i ? { ...x, weight: w } : x)), same(round.components.length), `修改“${c.name}”权重为${w}`);
                }} />
            </label>
            {round.components.length > 1 && (
              <button type="button" className="link" onClick={() => {
                const keep = same(round.components.length).filter((k) => k !== i);
                setComponents(keep.map((k) => round.components[k]), keep, `删除评分部分“${c.name}”`);
              }}>删除</button>
            )}
          </div>
        ))}
        {round.components.length < MAX_COMPONENTS && (
          <button type="button" onClick={() => {
            let n = round.components.length + 1;
            while (round.components.some((c) => c.name === `部分${n}`)) n++;
            setComponents([...round.components, { name: `部分${n}`, max: 100 }], [...same(round.components.length), -1], '添加评分部分');
          }}>添加评分部分</button>
        )}
        <p className="muted small">不设权重时各部分得分相加为总分；设了权重时按“得分×权重”相加（未填的部分按 1 计）。</p>
      </fieldset>

      <fieldset className="jd-fieldset">
        <legend>评委（{round.judges.length}名）</legend>
        <div className="jd-row jd-wrap">
          {round.judges.map((j, i) => (
            <span key={i} className="jd-judge">
              <CommitInput label={`第${i + 1}位评委`} value={j} width={72}
                onCommit={(t) => {
                  const name = t.trim().slice(0, 20);
                  if (!name) return;
                  setJudges(round.judges.map((x, k) => (k === i ? name : x)), same(round.judges.length), `修改评委名称 ${name}`);
                }} />
              {round.judges.length > 1 && (
                <button type="button" className="link" aria-label={`删除${j}`} title={`删除${j}（其分数一并删除，可撤销）`} onClick={() => {
                  const keep = same(round.judges.length).filter((k) => k !== i);
                  setJudges(keep.map((k) => round.judges[k]), keep, `删除${j}`);
                }}>×</button>
              )}
            </span>
          ))}
          {round.judges.length < MAX_JUDGES && (
            <button type="button" data-testid="judge-add-judge" onClick={() => {
              let n = round.judges.length + 1;
              while (round.judges.includes(`评委${chineseNumber(n)}`)) n++;
              setJudges([...round.judges, `评委${chineseNumber(n)}`], [...same(round.judges.length), -1], '添加评委');
            }}>添加评委</button>
          )}
        </div>
      </fieldset>

      <fieldset className="jd-fieldset">
        <legend>计分规则</legend>
        <div className="jd-row jd-wrap">
          <label className="tool">计分方法
            <select aria-label="计分方法" value={rule.method}
              onChange={(e) => setRule(e.target.value === 'mean' ? { method: 'mean', drop: undefined } : { method: 'trimmed' }, '修改计分方法')}>
              <option value="trimmed">去掉最高分、最低分后平均</option>
              <option value="mean">全部评委平均</option>
            </select>
          </label>
          {rule.method === 'trimmed' && (
            <label className="tool">去掉最高、最低分各
              <select aria-label="去掉最高最低分个数" value={rule.drop == null ? 'auto' : String(rule.drop)}
                onChange={(e) => setRule({ drop: e.target.value === 'auto' ? undefined : Number(e.target.value) }, '修改去掉的分数个数')}>
                <option value="auto">自动（{TRIM_DEFAULT_MIN_JUDGES}名及以上评委去1个）</option>
                {[0, 1, 2, 3].map((n) => <option key={n} value={n}>{n}个</option>)}
              </select>
            </label>
          )}
          <label className="tool">保留小数
            <select aria-label="保留小数位数" value={String(rule.decimals ?? 2)}
              onChange={(e) => setRule({ decimals: Number(e.target.value) === 2 ? undefined : Number(e.target.value) }, '修改保留小数位数')}>
              {[0, 1, 2, 3, 4].map((n) => <option key={n} value={n}>{n}位</option>)}
            </select>
          </label>
          <label className="tool">同分
            <select aria-label="同分处理" value={typeof rule.ties === 'object' ? rule.ties.breakBy : ''}
              onChange={(e) => setRule({ ties: e.target.value ? { breakBy: e.target.value } : undefined }, '修改同分处理')}>
              <option value="">并列（1、2、2、4）</option>
              {round.components.length > 1 && round.components.map((c) => <option key={c.name} value={c.name}>“{c.name}”得分高者在前</option>)}
            </select>
          </label>
          <label className="tool">名次计分
            <CommitInput label="名次计分" value={(rule.points ?? []).join('、')} width={180} placeholder="如 60、57、54、51、48"
              onCommit={(t) => {
                const parts = t.split(/[,，、;；\s]+/).filter(Boolean);
                const points = parts.map(Number);
                if (points.some((p) => !Number.isFinite(p))) return notify(`名次计分须为用顿号或逗号分隔的数字，收到“${t}”。`, 'error');
                setRule({ points: points.length ? points : undefined }, '修改名次计分');
              }} />
          </label>
        </div>
      </fieldset>
    </div>
  );
}
