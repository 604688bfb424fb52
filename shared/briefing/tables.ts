/**
 * Every briefing item as titled tables: what the briefing prints under a heading and what
 * its Excel workbook holds (one sheet per table). Each table comes from the same typed
 * query builders the views use, run through a Runner (the coordinator in the app, a
 * database in tests), so the printed numbers, the workbook and the views agree.
 */
import { scopeFromFilter } from '../analysis/common.ts';
import { comparisonQuery } from '../analysis/comparable.ts';
import { measureFormat, measureLabel, type MeasureFormat, type MeasureSpec } from '../analysis/measures.ts';
import { headerRows, type HeaderCell } from '../analysis/pivot-export.ts';
import { dimLabel, shapePivot, type PivotConfig, type PivotTable } from '../analysis/pivot.ts';
import { pivotChangeNote } from '../analysis/pivot-comparable.ts';
import { isChangeMeasure, starNames, type TownshipRank, UNIT_MEASURE_LABELS } from '../analysis/ranking.ts';
import { heatmapChangeNote, heatmapNoComparable } from '../analysis/trends.ts';
import type { Filter } from '../filter.ts';
import { formatChange, formatDelta, formatMeasureValue, NO_COMPARABLE, NO_PREVIOUS_DATA, uncomparedNote, unitSetNote } from '../format.ts';
import { comparePeriods, parsePeriodKey, periodLabel, type Period } from '../period.ts';
import { placeName, townshipNames } from '../scope.ts';
import { KIND_NAMES, LEVEL_NAMES, STARS, starById } from '../stars.ts';
import { resolveOverview, resolveWeakSummary } from '../views/overview.ts';
import { resolveTrend } from '../views/trends.ts';
import { resolveTownshipLines, resolveTownshipTable, resolveUnitHistory, resolveYearOverYear } from '../views/compare.ts';
import { pivotPeriodText, resolvePivot, resolvePivotComparison, resolvePivotConfig } from '../views/pivot.ts';
import { resolveNearStar, resolveRanking, resolveTownshipBoard, resolveUnitBoard } from '../views/ranking.ts';
import { allRounds, findRound, historyTables, historyTitle, judgeTables, judgeTitle } from '../judge/briefing.ts';
import { allPlans } from '../plans/store-format.ts';
import { attainmentTables, runAttainment, weakFilter, weakTables } from '../plans/briefing.ts';
import type { ItemSpec } from './model.ts';
import type { Runner } from './narrative.ts';

export type CellFormat = MeasureFormat | 'text';

const N3PLUS: MeasureSpec = { kind: 'atLeast', level: 3 };
const SHARE3: MeasureSpec = { kind: 'shareAtLeast', level: 3 };
export type Cell = string | number | null;

export interface TableColumn {
  header: string;
  format: CellFormat;
  /** The column holds changes as the page writes them (+8.3, −2, 持平): the workbook makes them numbers. */
  change?: true;
}

export interface TableRow {
  cells: Cell[];
  kind?: 'total' | 'subtotal';
  /** Per-cell formats overriding the column's (a row of percentages in a column of counts). */
  formats?: Array<CellFormat | undefined>;
}

export interface BriefingTable {
  /** Title row of the sheet (and the table's name in the workbook). */
  title: string;
  /** Header group rows above the column headers (merged cells), top-down. */
  groups: HeaderCell[][];
  columns: TableColumn[];
  rows: TableRow[];
  /** A line under the table (e.g. how ties are ranked). */
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Titles and scope

/** The pivot as the 透视 view queries it (shared/views/pivot.ts: a period in its 筛选 well wins). */
export function effectivePivotConfig(config: PivotConfig, filter: Filter): PivotConfig {
  return resolvePivotConfig(config, filter);
}

/** The filter's place and kind in words; `loaded` (the loaded counties) names the whole: 河口县, not 全县. */
export function filterScopeName(f: Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>, loaded: readonly string[] = []): string {
  const where = placeName(f, loaded);
  return f.kind ? `${where}（仅${KIND_NAMES[f.kind]}）` : where;
}

const periodText = (f: Filter) => (f.period ? periodLabel(f.period) : '最新一期');
/** The chosen counties (a ranking is within them): 甲县, or nothing when none is chosen. */
const countiesText = (f: Filter) => (f.counties ?? []).join('、');
const kindOnly = (f: Filter) => (f.kind ? `（仅${KIND_NAMES[f.kind]}）` : '');
const TREND_NAMES = { share: '三星以上占比', levels: '星级结构', stars: '各星达标率', heatmap: '' } as const;

/** The automatic heading of an item, e.g. 2024年第三季度各乡镇三星以上占比排名. */
export function autoTitle(spec: ItemSpec, f: Filter, loaded: readonly string[] = []): string {
  switch (spec.kind) {
    case 'overview': return `${periodText(f)}${filterScopeName(f, loaded)}“五星”支部创建主要指标`;
    case 'pivot': {
      const dims = [...spec.pivot.rows, ...spec.pivot.columns].map((d) => dimLabel(d).replace(/（.*）/, '')).join('、');
      return `${pivotPeriodText(spec.pivot, f)}${filterScopeName(f, loaded)}统计表${dims ? `（按${dims}）` : ''}`;
    }
    case 'trend': {
      const cad = spec.cadence === 'year' ? '（按年度）' : '';
      if (spec.panel === 'share') {
        const label = measureLabel({ kind: 'shareAtLeast', level: spec.level ?? 3 });
        return `${filterScopeName(f, loaded)}各乡镇${label}走势${cad}`;
      }
      if (spec.panel === 'heatmap') return `${filterScopeName(f, loaded)}各乡镇${measureLabel(spec.measure ?? { kind: 'shareAtLeast', level: 3 })}（乡镇×期次）${cad}`;
      return `${filterScopeName(f, loaded)}${TREND_NAMES[spec.panel]}走势${cad}`;
    }
    case 'ranking': return `${periodText(f)}${countiesText(f)}各乡镇${measureLabel(spec.measure)}排名${kindOnly(f)}`;
    case 'boards': {
      const what = spec.target === 'township'
        ? (spec.by === 'change' ? `${measureLabel(spec.measure)}变化` : measureLabel(spec.measure))
        : UNIT_MEASURE_LABELS[spec.unitBy].replace('（万元）', '');
      return `${periodText(f)}${countiesText(f)}${spec.target === 'township' ? '乡镇' : '村（社区）'}红黑榜（${what}）`;
    }
    case 'townshipCompare': return `${periodText(f)}${spec.townships.join('、')}对比`;
    case 'unitCompare': return `${spec.units.map((u) => u.name).join('、')}星级对比`;
    case 'yearOverYear': return `${filterScopeName(f, loaded)}${spec.yearA}年与${spec.yearB}年星级对比`;
    case 'nearStar': return `${periodText(f)}${countiesText(f)}${spec.star ? starById(spec.star).name : ''}冲星名单（距获星${spec.within}分以内）${kindOnly(f)}`;
    case 'judge': return judgeTitle(findRound(spec.roundId));
    case 'judgeHistory': return historyTitle(spec.level);
    case 'planAttainment': return `${periodText(f)}${countiesText(f)}各乡镇创建规划完成情况`;
    case 'weakConversion': return `${periodText(f)}${countiesText(f)}各乡镇软弱涣散党组织整顿转化情况${kindOnly(f)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes

/** A pivot table (flat columns under header groups) as a briefing table. */
export function tableFromPivot(table: PivotTable, title: string): BriefingTable {
  const { rows: headers, leaves } = headerRows(table);
  return {
    title,
    groups: headers.slice(0, -1),
    columns: leaves.map((l) => ({ header: l.headerName, format: l.role === 'dim' ? 'text' : l.format ?? 'count' })),
    rows: table.rows.map((r) => ({
      cells: leaves.map((l) => {
        const v = r.cells[l.colId];
        if (l.role === 'dim') return v == null ? '' : String(v);
        // A change column's 无可比数据 (shapePivot) is printed as it is, never as a number.
        return typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : null;
      }),
      ...(r.kind !== 'cell' ? { kind: r.kind } : {}),
    })),
  };
}

/** A township's value in a ranking table: a change measure counted over no comparable unit reads 无可比数据. */
function rankValue(m: MeasureSpec, v: number | null): Cell {
  return v == null && isChangeMeasure(m) ? NO_COMPARABLE : v;
}

/**
 * The note under a ranking of townships by a change measure: how many of their units had
 * no rating in the compared period and were left out ('' when none, or another measure).
 */
function rankingChangeNote(m: MeasureSpec, rows: readonly TownshipRank[], against: string): string {
  if (!isChangeMeasure(m) || rows.length === 0) return '';
  const units = rows.reduce((s, r) => s + r.units, 0);
  const comparable = rows.reduce((s, r) => s + r.comparable, 0);
  const left = uncomparedNote({ units, comparable, prevUnits: 1, gone: 0 }, against);
  return left ? `${measureLabel(m)}只计两期均有评定的单位：${left}。` : '';
}

function rankChangeText(change: number | null): string {
  if (change == null) return '—';
  if (change === 0) return '持平';
  return change > 0 ? `上升${change}` : `下降${-change}`;
}

/** Column headers of a period axis: 2024年第三季度, or 2024年 in yearly cadence (annual, else Q4). */
const periodsHeader = (keys: string[], labels: string[]) => keys.map((k, i) => {
  const p = parsePeriodKey(k);
  if (!p) return labels[i];
  return p.quarter != null ? periodLabel(p) : `${p.year}年`;
});

// ---------------------------------------------------------------------------------------------
// Items

/** The tables of one item, for its filter (already resolved: snapshot or current). */
export async function itemTables(
  run: Runner, spec: ItemSpec, filter: Filter, title = autoTitle(spec, filter), loaded: readonly string[] = [],
): Promise<BriefingTable[]> {
  const scope = scopeFromFilter(filter);
  const period = filter.period;
  switch (spec.kind) {
    case 'overview': {
      if (!period) return [];
      const ov = await run(resolveOverview(period, filter));
      const cur = ov.current;
      const prev = ov.before;
      if (!cur) return [{ title, groups: [], columns: [{ header: '指标', format: 'text' }], rows: [] }];
      const against = period.quarter == null ? '上年度' : '上季度';
      // The changes compare all the units of each period: say when the two sets differ.
      const setNote = prev ? unitSetNote(await run(comparisonQuery({ period, scope })), against) : '';
      // Labels, formats and change writing from the measure catalog.
      const count = (label: string, a: number, b: number | null): TableRow => ({
        cells: [label, a, b, formatChange('count', a, b, against).short],
      });
      const share = (m: MeasureSpec, a: number | null, b: number | null): TableRow => ({
        cells: [measureLabel(m), a, b, formatChange(m, a, b, against).short],
        formats: [undefined, measureFormat(m), measureFormat(m), undefined],
      });
      const rows: TableRow[] = [
        count('参评单位数', cur.units, prev?.units ?? null),
        ...[5, 4, 3, 2, 1, 0].map((k) => count(k === 0 ? '无星单位数' : `“${LEVEL_NAMES[k]}”支部数`, cur.levels[k], prev?.levels[k] ?? null)),
        count(measureLabel(N3PLUS), cur.n3plus, prev?.n3plus ?? null),
        share(SHARE3, cur.share3plus, prev?.share3plus ?? null),
        ...STARS.filter((s) => cur.stars[s.id].rate != null)
          .map((s) => share({ kind: 'starRate', star: s.id }, cur.stars[s.id].rate, prev?.stars[s.id].rate ?? null)),
      ];
      return [{
        title,
        groups: [],
        columns: [
          { header: '指标', format: 'text' },
          { header: periodLabel(period), format: 'count' },
          { header: periodLabel(ov.previous), format: 'count' },
          { header: `较${against}`, format: 'text', change: true },
        ],
        rows: rows.map((r) => (prev ? r : { ...r, cells: [r.cells[0], r.cells[1], null, NO_PREVIOUS_DATA] })),
        ...(setNote ? { note: `${setNote}。` } : {}),
      }];
    }

    case 'pivot': {
      const shaped = shapePivot(await run(resolvePivot(spec.pivot, filter)));
      const cq = resolvePivotComparison(spec.pivot, filter);
      const note = cq ? pivotChangeNote(await run(cq), shaped) : '';
      return [{ ...tableFromPivot(shaped, title), ...(note ? { note } : {}) }];
    }

    case 'trend': {
      const t = { cadence: spec.cadence, level: spec.level, measure: spec.measure };
      if (spec.panel === 'share') {
        const d = await run(resolveTrend({ ...t, panel: 'share' }, filter));
        const total = scope.townships?.length ? '所选乡镇合计' : placeName({ townships: [], counties: scope.counties ?? [] }, loaded);
        return [{
          title, groups: [],
          columns: [{ header: '乡镇（街道）', format: 'text' }, ...periodsHeader(d.periods, d.labels).map((h) => ({ header: h, format: 'percent' as const }))],
          rows: [
            ...(d.townships.length !== 1 ? [{ cells: [total, ...d.total.values], kind: 'total' as const }] : []),
            ...townshipNames(d.townships).map((name, i) => ({ cells: [name, ...d.townships[i].values] })),
          ],
        }];
      }
      if (spec.panel === 'levels') {
        const d = await run(resolveTrend({ ...t, panel: 'levels' }, filter));
        return [{
          title, groups: [],
          columns: [{ header: '星级', format: 'text' }, ...periodsHeader(d.periods, d.labels).map((h) => ({ header: h, format: 'count' as const }))],
          rows: [
            ...[...d.levels].reverse().map((l) => ({ cells: [l.name, ...l.values] })),
            { cells: ['合计', ...d.units], kind: 'total' as const },
          ],
        }];
      }
      if (spec.panel === 'stars') {
        const d = await run(resolveTrend({ ...t, panel: 'stars' }, filter));
        return [{
          title, groups: [],
          columns: [{ header: '星类', format: 'text' }, ...periodsHeader(d.periods, d.labels).map((h) => ({ header: h, format: 'percent' as const }))],
          rows: d.stars.map((s) => ({ cells: [s.name, ...s.values] })),
        }];
      }
      const measure = spec.measure ?? { kind: 'shareAtLeast', level: 3 };
      const d = await run(resolveTrend({ ...t, panel: 'heatmap', measure }, filter));
      const heatNames = townshipNames(d.townships);
      const note = heatmapChangeNote(d);
      return [{
        title, groups: [],
        columns: [{ header: '乡镇（街道）', format: 'text' }, ...periodsHeader(d.periods, d.labels).map((h) => ({ header: h, format: measureFormat(measure) }))],
        rows: d.townships.map((t, i) => ({
          cells: [heatNames[i], ...d.values[i].map((v, p) => (heatmapNoComparable(d, i, p) ? NO_COMPARABLE : v))],
        })),
        ...(note ? { note } : {}),
      }];
    }

    case 'ranking': {
      const q = resolveRanking({ measure: spec.measure }, filter);
      if (!q || !period) return [];
      const d = await run(q);
      const rankNames = townshipNames(d.rows);
      const fmt = measureFormat(spec.measure);
      const against = againstText(period);
      return [{
        title, groups: [],
        columns: [
          { header: '名次', format: 'count' }, { header: '乡镇（街道）', format: 'text' }, { header: d.label, format: fmt },
          { header: fmt === 'percent' ? `较${against}（百分点）` : `较${against}`, format: 'text', change: true },
          { header: '名次变化', format: 'text' }, { header: '单位数', format: 'count' },
          ...LEVEL_NAMES.map((n) => ({ header: n, format: 'count' as const })),
        ],
        rows: d.rows.map((r, ri) => ({
          cells: [r.rank, rankNames[ri], rankValue(spec.measure, r.value), formatDelta(fmt, r.delta).bare, rankChangeText(r.rankChange), r.units, ...r.levels],
        })),
        note: `${d.rule}${rankingChangeNote(spec.measure, d.rows, against)}`,
      }];
    }

    case 'boards': {
      if (!period) return [];
      const boards = ['red', 'black'] as const;
      const names = { red: '红榜', black: '黑榜' };
      if (spec.target === 'township') {
        const fmt = measureFormat(spec.measure);
        const against = againstText(period);
        return Promise.all(boards.map(async (board) => {
          const d = await run(resolveTownshipBoard(spec, board, filter)!);
          return {
            title: `${title} · ${names[board]}`, groups: [],
            columns: [
              { header: '名次', format: 'count' as const }, { header: '乡镇（街道）', format: 'text' as const },
              { header: d.label, format: fmt }, { header: `较${against}`, format: 'text' as const, change: true },
            ],
            rows: d.rows.map((r, ri) => ({ cells: [r.boardRank, townshipNames(d.rows)[ri], rankValue(spec.measure, r.value), formatDelta(fmt, r.delta).short] })),
            note: `${d.rule}${rankingChangeNote(spec.measure, d.rows, against)}`,
          };
        }));
      }
      return Promise.all(boards.map(async (board) => {
        const d = await run(resolveUnitBoard(spec, board, filter)!);
        const fmt: CellFormat = spec.unitBy === 'collective_income' ? 'money' : spec.unitBy === 'score' ? 'score' : 'count';
        return {
          title: `${title} · ${names[board]}`, groups: [],
          columns: [
            { header: '名次', format: 'count' as const }, { header: '村（社区）', format: 'text' as const },
            { header: '乡镇（街道）', format: 'text' as const }, { header: d.label, format: fmt },
            { header: '本期星级', format: 'text' as const }, { header: '上期星级', format: 'text' as const },
          ],
          rows: d.rows.map((r) => ({
            cells: [r.boardRank, r.name, r.township, spec.unitBy === 'level' ? r.level : r.value, LEVEL_NAMES[r.level],
              r.prevLevel == null ? '—' : LEVEL_NAMES[r.prevLevel]],
          })),
          note: d.rule,
        };
      }));
    }

    case 'townshipCompare': {
      if (!period) return [];
      const measures: MeasureSpec[] = spec.measures.length ? spec.measures : [{ kind: 'units' }, { kind: 'shareAtLeast', level: 3 }, { kind: 'levels' }];
      const table = await run(resolveTownshipTable(spec.townships, measures, filter)!);
      const shaped = shapePivot(table);
      // Keep the caller's order of townships.
      shaped.rows.sort((a, b) => spec.townships.indexOf(String(a.path[0])) - spec.townships.indexOf(String(b.path[0])));
      const lines = await run(resolveTownshipLines(spec.townships, spec.lineMeasure, filter)!);
      const keys = [...new Set(lines.rows.map((r) => String(r.dims.period)))]
        .sort((a, b) => comparePeriods(parsePeriodKey(a)!, parsePeriodKey(b)!));
      const fmt = measureFormat(spec.lineMeasure);
      return [
        tableFromPivot(shaped, title),
        {
          title: `${spec.townships.join('、')}${measureLabel(spec.lineMeasure)}逐季走势`, groups: [],
          columns: [{ header: '乡镇（街道）', format: 'text' }, ...keys.map((k) => ({ header: periodLabel(parsePeriodKey(k)!), format: fmt }))],
          rows: spec.townships.map((t) => ({
            cells: [t, ...keys.map((k) => {
              const cell = lines.rows.find((r) => String(r.dims.township) === t && String(r.dims.period) === k);
              // A rated township whose change has no comparable unit: 无可比数据, not a gap.
              return cell ? rankValue(spec.lineMeasure, cell.values.m0 ?? null) : null;
            })],
          })),
        },
      ];
    }

    case 'unitCompare': {
      const ids = spec.units.map((u) => u.unitId);
      if (!ids.length) return [];
      const h = await run(resolveUnitHistory(ids, spec.cadence)!);
      return [{
        title, groups: [],
        columns: [
          { header: '村（社区）', format: 'text' }, { header: '乡镇（街道）', format: 'text' },
          // Many periods: the short axis form (24Q3) keeps the columns readable on A4.
          ...h.periods.map((k, i) => {
            const p = parsePeriodKey(k);
            const long = p ? (spec.cadence === 'year' ? `${p.year}年` : periodLabel(p)) : h.labels[i];
            return { header: h.periods.length > 6 ? h.labels[i] : long, format: 'text' as const };
          }),
        ],
        rows: h.units.map((u) => ({ cells: [u.name, u.township, ...u.levels.map((l) => (l == null ? '—' : LEVEL_NAMES[l]))] })),
      }];
    }

    case 'yearOverYear': {
      const d = await run(resolveYearOverYear(spec, filter));
      const changed = d.rows.filter((r) => r.change != null && r.change !== 0)
        .sort((a, b) => (b.change ?? 0) - (a.change ?? 0));
      const s = d.summary;
      return [{
        title, groups: [],
        columns: [
          { header: '乡镇（街道）', format: 'text' }, { header: '村（社区）', format: 'text' },
          { header: `${spec.yearA}年星级`, format: 'text' }, { header: `${spec.yearB}年星级`, format: 'text' },
          { header: '变化', format: 'text' }, { header: '新增的星', format: 'text' }, { header: '摘除的星', format: 'text' },
        ],
        rows: changed.map((r) => ({
          cells: [r.township, r.name, LEVEL_NAMES[r.levelA!], LEVEL_NAMES[r.levelB!],
            r.change! > 0 ? `升${r.change}星` : `降${-r.change!}星`, starNames(r.gained) || '—', starNames(r.lost) || '—'],
        })),
        note: `共${d.rows.length}个单位：升星${s.up}个，降星${s.down}个，持平${s.same}个，仅一年有评定${s.onlyA + s.onlyB}个。表中只列星级有变化的单位；年度星级取年度评定，没有年度评定时取第四季度。`,
      }];
    }

    case 'nearStar': {
      const q = resolveNearStar(spec, filter);
      if (!q) return [];
      const d = await run(q);
      const names = townshipNames(d.rows);
      return [{
        title, groups: [],
        columns: [
          { header: '乡镇（街道）', format: 'text' }, { header: '村（社区）', format: 'text' }, { header: '星', format: 'text' },
          { header: '得分', format: 'score' }, { header: '获星线', format: 'score' }, { header: '还差（分）', format: 'score' },
        ],
        rows: d.rows.map((r, i) => ({ cells: [names[i], r.name, starById(r.star).name, r.score, r.threshold, r.gap] })),
        note: d.scored === 0
          ? '本期台账没有星级得分（按 √ 标记的台账没有冲星名单）。'
          : `共${d.rows.length}项：未获该星、得分距获星线${d.within}分以内的单位，按乡镇、差距排列。`,
      }];
    }
    case 'judge': return judgeTables(findRound(spec.roundId), title);
    case 'judgeHistory': return historyTables(allRounds(), spec.level, title);
    case 'planAttainment': {
      if (!period) return [];
      return attainmentTables(await runAttainment(run, allPlans(), period, filter), title, period.year);
    }
    case 'weakConversion': {
      if (!period) return [];
      return weakTables(await run(resolveWeakSummary(period, 'township', weakFilter(filter))), title);
    }
  }
}

function againstText(period: Period): string {
  return period.quarter == null ? '上年度' : '上季度';
}

// ---------------------------------------------------------------------------------------------
// Display

/** A cell as printed: 27.3%, 12, 2.35, 15.0 (万元), text as it is. */
export function formatCell(v: Cell, format: CellFormat): string {
  if (v == null) return '—';
  if (typeof v === 'string') return v;
  return format === 'text' ? String(v) : formatMeasureValue(format, v);
}

export function cellFormat(table: BriefingTable, row: TableRow, col: number): CellFormat {
  return row.formats?.[col] ?? table.columns[col]?.format ?? 'text';
}
