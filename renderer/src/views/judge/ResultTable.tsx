/**
 * The live result of a round: the rule in plain Chinese, then rank, name, final score, points,
 * each judge's score (the dropped ones struck through), the component scores, the spread and
 * the judges far from the others. Text only: names are data, never HTML.
 */
import type { JudgeResult } from '../../../../shared/judge/rules.ts';
import type { SavedRound } from '../../../../shared/judge/round.ts';
import { DEFAULT_DECIMALS } from '../../../../shared/judge/types.ts';

export function rankText(rank: number | null, tied: boolean): string {
  if (rank == null) return '—';
  return tied ? `并列${rank}` : String(rank);
}

export function ResultTable({ round, result }: { round: SavedRound; result: JudgeResult }) {
  const multi = result.components.length > 1;
  const decimals = round.rule.decimals ?? DEFAULT_DECIMALS;
  const hasPoints = (round.rule.points?.length ?? 0) > 0;
  const withTownship = round.level === 'unit' && round.contestants.some((c) => c.township);
  const counts = new Map<number, number>();
  for (const r of result.rows) if (r.rank != null) counts.set(r.rank, (counts.get(r.rank) ?? 0) + 1);
  const anyFlag = result.rows.some((r) => r.flags.length > 0);
  return (
    <div className="jd-result-wrap">
      <table className="jd-result" data-testid="judge-result">
        <thead>
          <tr>
            <th rowSpan={2}>名次</th>
            <th rowSpan={2} className="text">{round.level === 'unit' ? '村（社区）' : '乡镇（街道）'}</th>
            {withTownship && <th rowSpan={2} className="text">乡镇（街道）</th>}
            <th rowSpan={2}>最终得分</th>
            {hasPoints && <th rowSpan={2}>积分</th>}
            {result.components.map((c) => (
              <th key={c.name} colSpan={c.judges.length + (multi ? 1 : 0)} className="group">
                {multi ? `${c.name}（满分${c.max}${c.weight !== 1 ? `，×${c.weight}` : ''}）` : `各评委评分（满分${c.max}）`}
              </th>
            ))}
            <th rowSpan={2}>极差</th>
            {anyFlag && <th rowSpan={2} className="text">评委提示</th>}
          </tr>
          <tr>
            {result.components.flatMap((c) => [
              ...c.judges.map((j, ji) => <th key={`${c.name}-${ji}`}>{j}</th>),
              ...(multi ? [<th key={`${c.name}-score`}>得分</th>] : []),
            ])}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r, ri) => (
            <tr key={ri} data-testid="judge-result-row" className={r.rank == null ? 'jd-unranked' : undefined}>
              <td className="num" data-testid="judge-rank">{rankText(r.rank, r.rank != null && (counts.get(r.rank) ?? 0) > 1)}</td>
              <td className="text" data-testid="judge-name">{r.name}</td>
              {withTownship && <td className="text">{r.township ?? ''}</td>}
              <td className="num jd-final" data-testid="judge-score">{r.score == null ? '未评完' : r.score.toFixed(decimals)}</td>
              {hasPoints && <td className="num">{r.points ?? '—'}</td>}
              {r.components.flatMap((c, ci) => [
                ...c.scores.map((v, ji) => {
                  const dropped = c.dropped.includes(ji);
                  const flag = r.flags.find((f) => f.component === c.component && f.judge === ji);
                  const cls = ['num', dropped ? 'jd-dropped' : '', flag ? 'jd-cell-flag' : ''].filter(Boolean).join(' ');
                  const title = [dropped ? '去掉的分数' : '', flag ? `与其他评委相差较大（其他评委平均${flag.othersMean}）` : ''].filter(Boolean).join('；');
                  return (
                    <td key={`${ci}-${ji}`} className={cls} title={title || undefined} data-dropped={dropped ? 'true' : undefined}>
                      {v == null ? <span className="muted">缺</span> : dropped ? <s>{v}</s> : v}
                    </td>
                  );
                }),
                ...(multi ? [<td key={`${ci}-s`} className="num">{c.score == null ? '—' : c.score.toFixed(decimals)}</td>] : []),
              ])}
              <td className="num">{r.spread ?? '—'}</td>
              {anyFlag && (
                <td className="text jd-flags">
                  {r.flags.map((f) => `${f.judgeName}${multi ? `（${f.component}）` : ''}${f.score}分，其他评委平均${f.othersMean}分`).join('；')}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
