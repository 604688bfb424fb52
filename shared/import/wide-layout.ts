/**
 * Wide 台账: one sheet for the year with the quarters side by side (一季度 | 二季度 | … each a
 * group of star columns, or 一季度星级 | 二季度星级 …). Each group becomes a block with its own
 * period, star columns and 星级 column; every data row gives one rating per block that is not
 * empty. Groups that look like periods but cannot be mapped (上半年, two groups for one
 * quarter, months of one quarter) make the layout unclear: the sheet is not imported and the
 * user is told why — never a silent annual rating from the first group.
 */
import type { Period } from '../period.ts';
import { STARS, appliesTo, type StarDef, type StarId, type UnitKind } from '../stars.ts';
import type { HeaderColumn } from './header.ts';
import { normalizeKey } from './normalize.ts';
import { groupPeriod } from './period-groups.ts';
import type { InferredPeriod } from './period-infer.ts';
import { memo } from './sheet-cells.ts';
import { parseMark } from './values.ts';
import { pairStarColumns } from './score-columns.ts';
import type { StarColumn } from './sheet-plan.ts';
import type { FieldId, PeriodSource } from './types.ts';

export interface PeriodBlock {
  /** The group as shown in the header. */
  label: string;
  /** Year 0 when neither the group nor the sheet names the year: each row's 年度 cell gives it. */
  period: Period;
  source: PeriodSource | null;
  starCols: StarColumn[];
  level: HeaderColumn | undefined;
  score: HeaderColumn | undefined;
  missingStars: Record<UnitKind, StarDef[]>;
  /** Every column under the group: a row whose cells here are all empty has no rating in this block. */
  cols: HeaderColumn[];
  /** Normalised group key. */
  key: string;
}

export type WideLayout =
  | { ok: true; blocks: PeriodBlock[]; yearFrom: string | null; columns: Set<HeaderColumn> }
  | { ok: false; groups: string[]; reason: string; noYear: boolean; columns: Set<HeaderColumn> };

const RATING_FIELDS = new Set<FieldId>(['level', ...STARS.map((s) => s.id)]);
const QUARTER_CN = ['一', '二', '三', '四'];

function isRatingColumn(c: HeaderColumn): boolean {
  return c.group != null && ((c.field != null && RATING_FIELDS.has(c.field)) || (c.starList === true && c.field == null));
}

function yearFromText(source: PeriodSource | null, sheet: string, file: string): string | null {
  switch (source) {
    case 'sheet': return `工作表名"${sheet}"`;
    case 'title': return '标题';
    case 'file': return `文件名"${file}"`;
    case 'user': return '导入时选择的期次';
    case 'column': return '表头';
    default: return null;
  }
}

/**
 * The wide layout of a header, or null when the sheet is an ordinary one (fewer than two
 * period groups over star or 星级 columns).
 */
export function wideLayout(
  columns: readonly HeaderColumn[], inferred: InferredPeriod, userPeriod: Period | null, hasYearColumn: boolean,
  where: { sheet: string; file: string },
): WideLayout | null {
  const order: string[] = [];
  const labels = new Map<string, string>();
  const byGroup = new Map<string, HeaderColumn[]>();
  for (const c of columns) {
    if (c.group == null) continue;
    const key = normalizeKey(c.group);
    let list = byGroup.get(key);
    if (!list) byGroup.set(key, (list = []));
    list.push(c);
    if (isRatingColumn(c) && !labels.has(key)) {
      labels.set(key, c.group);
      order.push(key);
    }
  }
  if (order.length < 2) return null;
  const ratingColumns = new Set<HeaderColumn>();
  for (const key of order) for (const c of byGroup.get(key)!) ratingColumns.add(c);
  const shown = order.map((k) => labels.get(k)!);
  const unclear = (reason: string, noYear = false): WideLayout => ({ ok: false, groups: shown, reason, noYear, columns: ratingColumns });

  // Each group's period; the year from the group, the user's choice, or the sheet, title or file.
  const baseYear = userPeriod?.year ?? inferred.year;
  const baseSource: PeriodSource | null = userPeriod ? 'user' : inferred.yearSource;
  const periods: Array<{ year: number | null; quarter: number | null; source: PeriodSource | null; month?: number }> = [];
  const months: string[] = [];
  for (const key of order) {
    const g = groupPeriod(labels.get(key)!);
    // A year in the group wins; else the 年度 column (per row, later), else the sheet's or the user's.
    const year = (y: number | null): { year: number | null; source: PeriodSource | null } => {
      if (y != null) return { year: y, source: 'column' };
      return hasYearColumn ? { year: null, source: 'column' } : { year: baseYear, source: baseSource };
    };
    if (g.kind === 'quarter') periods.push({ ...year(g.year), quarter: g.quarter });
    else if (g.kind === 'annual') periods.push({ ...year(g.year), quarter: null });
    else if (g.kind === 'month') {
      periods.push({ ...year(g.year), quarter: Math.ceil(g.month / 3), month: g.month });
      months.push(labels.get(key)!);
    } else if (g.kind === 'current') {
      const p = userPeriod ?? inferred.period;
      if (!p) return unclear(`其中“${labels.get(key)}”指本期，但工作表名、标题和文件名中没有写明本期是哪个季度，`);
      periods.push({ year: p.year, quarter: p.quarter, source: userPeriod ? 'user' : inferred.source });
    } else return unclear(`其中“${labels.get(key)}”不是能对应到某个季度或某一年度的期次，`);
  }
  if (months.length > 0 && months.length < order.length) {
    return unclear('有的分组是季度、有的是月份，');
  }
  // Two groups for one period (months of one quarter, a quarter written twice).
  const seen = new Map<string, string>();
  for (let i = 0; i < order.length; i++) {
    const p = periods[i];
    const k = `${p.year ?? '?'}-${p.quarter ?? 'a'}`;
    const prev = seen.get(k);
    if (prev != null) {
      const what = p.quarter == null ? '同一年度' : `第${QUARTER_CN[p.quarter - 1]}季度`;
      return unclear(`其中“${prev}”和“${labels.get(order[i])}”都对应${what}${p.month != null ? '（星图按季度记录评星，按月份分组时同一季度只能有一组）' : ''}，`);
    }
    seen.set(k, labels.get(order[i])!);
  }
  if (!hasYearColumn && periods.some((p) => p.year == null)) return unclear('', true);

  const blocks: PeriodBlock[] = order.map((key, i) => {
    const cols = byGroup.get(key)!;
    const first = (f: FieldId) => cols.find((c) => c.field === f);
    // Each star's mark and score columns of the group (score-columns.ts).
    const starCols: StarColumn[] = pairStarColumns(cols);
    const listCol = cols.find((c) => c.starList && c.field == null);
    if (starCols.length === 0 && listCol) {
      for (const star of STARS) {
        starCols.push({ star, col: listCol, parse: memo(parseMark), list: true, applies: { village: appliesTo(star.id, 'village'), community: appliesTo(star.id, 'community') } });
      }
    }
    const has = new Set<StarId>(starCols.map((sc) => sc.star.id));
    const missingFor = (kind: UnitKind): StarDef[] => STARS.filter((st) => st.kinds.includes(kind) && !has.has(st.id));
    const p = periods[i];
    return {
      label: labels.get(key)!,
      key,
      period: { year: p.year ?? 0, quarter: p.quarter },
      source: p.source,
      starCols,
      level: first('level'),
      score: first('score'),
      missingStars: { village: missingFor('village'), community: missingFor('community') },
      cols,
    };
  });
  const yearFrom = hasYearColumn ? '"年度"列' : blocks.some((b) => b.source !== 'column') ? yearFromText(baseSource, where.sheet, where.file) : null;
  return { ok: true, blocks, yearFrom, columns: ratingColumns };
}
