/**
 * A township's (or unit's) ranks over the 观摩评比 rounds of the workspace (issue #16): one
 * row per contestant, one column per round in time order, each round ranked by its own rule.
 */
import { rankSaved, type RoundLevel, type SavedRound } from './round.ts';

export interface HistoryCell {
  rank: number;
  tied: boolean;
  score: number;
}

export interface RankHistory {
  rounds: Array<{ id: string; name: string; period: string }>;
  rows: Array<{ name: string; township: string | null; cells: Array<HistoryCell | null> }>;
  /** Rounds left out because their rule does not fit them (a Chinese sentence each). */
  skipped: string[];
}

/** Time order: 2025Q4 < 2026 (a year-only round counts as its start) < 2026Q1; no period last; then list order. */
function periodOrder(period: string): number {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(period.trim());
  if (!m) return Number.MAX_SAFE_INTEGER;
  return Number(m[1]) * 10 + (m[2] ? Number(m[2]) : 0);
}

export function rankHistory(all: readonly SavedRound[], level: RoundLevel): RankHistory {
  const rounds = all
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.level === level)
    .sort((a, b) => periodOrder(a.r.period) - periodOrder(b.r.period) || a.i - b.i)
    .map(({ r }) => r);
  const skipped: string[] = [];
  const ranked: Array<{ round: SavedRound; byKey: Map<string, HistoryCell> }> = [];
  for (const round of rounds) {
    const out = rankSaved(round);
    if (!out.ok) {
      skipped.push(`“${round.name}”：${out.error}`);
      continue;
    }
    const counts = new Map<number, number>();
    for (const row of out.result.rows) if (row.rank != null) counts.set(row.rank, (counts.get(row.rank) ?? 0) + 1);
    const byKey = new Map<string, HistoryCell>();
    for (const row of out.result.rows) {
      if (row.rank == null || row.score == null) continue;
      byKey.set(`${row.township ?? ''}\u0000${row.name}`, { rank: row.rank, tied: (counts.get(row.rank) ?? 0) > 1, score: row.score });
    }
    ranked.push({ round, byKey });
  }
  const names = new Map<string, { name: string; township: string | null }>();
  for (const { round } of ranked) for (const c of round.contestants) names.set(`${c.township ?? ''}\u0000${c.name}`, c);
  const rows = [...names].map(([key, c]) => ({ name: c.name, township: c.township, cells: ranked.map((x) => x.byKey.get(key) ?? null) }));
  // The latest round's order first, the contestants it did not rank after them by name.
  const last = (r: (typeof rows)[number]) => {
    for (let i = r.cells.length - 1; i >= 0; i--) if (r.cells[i]) return { at: i, rank: r.cells[i]!.rank };
    return { at: -1, rank: Number.MAX_SAFE_INTEGER };
  };
  rows.sort((a, b) => last(b).at - last(a).at || last(a).rank - last(b).rank || a.name.localeCompare(b.name, 'zh-CN'));
  return { rounds: ranked.map(({ round }) => ({ id: round.id, name: round.name, period: round.period })), rows, skipped };
}

/** A rank as written in a table: 3, 并列2, — when not ranked in that round. */
export function historyRankText(cell: HistoryCell | null): string {
  if (!cell) return '—';
  return cell.tied ? `并列${cell.rank}` : String(cell.rank);
}

/** The change from the second-last round to the last one: 上升2, 下降1, 持平; — when not ranked in both. */
export function rankChangeText(cells: ReadonlyArray<HistoryCell | null>): string {
  if (cells.length < 2) return '—';
  const [a, b] = cells.slice(-2);
  if (!a || !b) return '—';
  const d = a.rank - b.rank;
  return d === 0 ? '持平' : d > 0 ? `上升${d}` : `下降${-d}`;
}
