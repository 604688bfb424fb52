/**
 * A 观摩评比 round's result as a 简报 table (the briefing page and its Excel sheet), with the
 * rule in plain Chinese as the table's note. The briefing keeps only the round's id: the
 * rounds live in the workspace, and the app tells this module where to find them
 * (setRoundSource) so the briefing's tables (shared/briefing/tables.ts) read the round as it
 * is now.
 */
import type { HeaderCell } from '../analysis/pivot-export.ts';
import type { BriefingTable, Cell, TableColumn } from '../briefing/tables.ts';
import { historyRankText, rankChangeText, rankHistory } from './history.ts';
import { rankSaved, type RoundLevel, type SavedRound } from './round.ts';
import { DEFAULT_DECIMALS } from './types.ts';

let source: () => readonly SavedRound[] = () => [];

/** Where the briefing finds the rounds (the app's round store; a test's list). */
export function setRoundSource(rounds: () => readonly SavedRound[]): void {
  source = rounds;
}

export function findRound(id: string): SavedRound | undefined {
  return source().find((r) => r.id === id);
}

export function allRounds(): readonly SavedRound[] {
  return source();
}

export const levelName = (level: RoundLevel) => (level === 'unit' ? '村（社区）' : '乡镇');

/** The automatic section title of the rank history. */
export function historyTitle(level: RoundLevel): string {
  return `各${levelName(level)}历次观摩评比名次`;
}

/** Every round of a level side by side: one column of ranks per round, then the change between the last two. */
export function historyTables(rounds: readonly SavedRound[], level: RoundLevel, title: string): BriefingTable[] {
  const h = rankHistory(rounds, level);
  const withTownship = level === 'unit' && h.rows.some((r) => r.township);
  const columns: TableColumn[] = [
    { header: level === 'unit' ? '村（社区）' : '乡镇（街道）', format: 'text' },
    ...(withTownship ? [{ header: '乡镇（街道）', format: 'text' as const }] : []),
    ...h.rounds.map((r) => ({ header: r.name, format: 'text' as const })),
    ...(h.rounds.length >= 2 ? [{ header: '较上一轮', format: 'text' as const }] : []),
  ];
  const rows = h.rows.map((r) => ({
    cells: [r.name, ...(withTownship ? [r.township ?? ''] : []), ...r.cells.map(historyRankText), ...(h.rounds.length >= 2 ? [rankChangeText(r.cells)] : [])] as Cell[],
  }));
  const note = [
    `共${h.rounds.length}轮观摩评比，各轮按本轮的计分规则排名；“—”为该轮未参评或未评完。`,
    ...h.skipped.map((s) => `未计入${s}`),
  ].join('');
  return [{ title, groups: [], columns, rows, note }];
}

/** The automatic section title of a round's result. */
export function judgeTitle(round: SavedRound | undefined): string {
  if (!round) return '观摩评比结果';
  return /结果|排名|名次/.test(round.name) ? round.name : `${round.name}结果`;
}

/** A score as typed: 88, 92.5 (never 92.50). */
const plain = (v: number) => String(v);

/** The round's result as one table; a missing round or an unusable rule is an empty table with a note saying so. */
export function judgeTables(round: SavedRound | undefined, title: string): BriefingTable[] {
  const empty = (note: string): BriefingTable[] => [{ title, groups: [], columns: [{ header: '名称', format: 'text' }], rows: [], note }];
  if (!round) return empty('这一轮观摩评比已不在当前工作区中（可能已删除，或打开了另一个工作区）。');
  const outcome = rankSaved(round);
  if (!outcome.ok) return empty(outcome.error);
  const r = outcome.result;
  const multi = r.components.length > 1;
  const withTownship = round.level === 'unit' && round.contestants.some((c) => c.township);
  const decimals = round.rule.decimals ?? DEFAULT_DECIMALS;
  const hasPoints = (round.rule.points?.length ?? 0) > 0;

  const columns: TableColumn[] = [
    { header: '名次', format: 'count' },
    { header: round.level === 'unit' ? '村（社区）' : '乡镇（街道）', format: 'text' },
    ...(withTownship ? [{ header: '乡镇（街道）', format: 'text' as const }] : []),
    // Two decimals print as the catalog's 'decimal'; other roundings as their exact text.
    { header: '最终得分', format: decimals === 2 ? 'decimal' : 'text' },
    ...(hasPoints ? [{ header: '积分', format: 'count' as const }] : []),
  ];
  const groups: HeaderCell[] = [];
  for (const c of r.components) {
    const start = columns.length;
    for (const j of c.judges) columns.push({ header: j, format: 'text' });
    if (multi) columns.push({ header: `${c.name}得分`, format: 'text' });
    groups.push({ text: multi ? `${c.name}（满分${c.max}）` : `各评委评分（满分${c.max}）`, col: start, span: columns.length - start });
  }
  columns.push({ header: '去掉的分数', format: 'text' }, { header: '极差', format: 'text' }, { header: '评委提示', format: 'text' });

  const rows = r.rows.map((row) => {
    const cells: Cell[] = [
      row.rank,
      row.name,
      ...(withTownship ? [row.township ?? ''] : []),
      row.score == null ? null : decimals === 2 ? row.score : row.score.toFixed(decimals),
      ...(hasPoints ? [row.points] : []),
    ];
    for (const c of row.components) {
      for (const [j, v] of c.scores.entries()) cells.push(v == null ? '缺' : c.dropped.includes(j) ? `${plain(v)}（去）` : plain(v));
      if (multi) cells.push(c.score == null ? '—' : c.score.toFixed(decimals));
    }
    const dropped = row.components.flatMap((c, ci) => c.dropped.map((j) => `${multi ? `${r.components[ci].name}` : ''}${r.components[ci].judges[j]} ${plain(c.scores[j]!)}`));
    const flags = row.flags.map((f) => `${f.judgeName}${multi ? `（${f.component}）` : ''}${plain(f.score)}分，其他评委平均${f.othersMean}分`);
    cells.push(dropped.join('、') || '—', row.spread == null ? '—' : plain(row.spread), flags.join('；') || '');
    return { cells };
  });
  const ties = r.rows.some((a, i) => a.rank != null && r.rows.some((b, k) => k !== i && b.rank === a.rank));
  const note = [
    `计分规则：${r.description}。`,
    '标“（去）”的分数为去掉的最高分、最低分；“缺”为该评委未打分。',
    ties ? '名次相同者并列。' : '',
    r.rows.some((x) => x.flags.length) ? '评委提示：该评委的分数与其他评委相差较大，请核对。' : '',
  ].join('');
  return [{ title, groups: [groups], columns, rows, note }];
}
