/**
 * The problems of the 台账 layouts of issue 12 (stars listed in one cell, quarters side by
 * side), worded like validate.ts: file, sheet, row, column and value, what was done, what to do.
 */
import { periodLabel, type Period } from '../period.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../stars.ts';
import { cell, loc, make, type Place, shown, v } from './validate.ts';
import type { Problem, Severity } from './types.ts';

const STAR_NAMES = STARS.map((s) => s.name).join('、');
const names = (ids: readonly StarId[]): string => ids.map((id) => STARS.find((s) => s.id === id)!.name).join('、');
/** A block's period; year 0 = the year comes from each row's 年度 cell. */
const blockPeriod = (p: Period): string =>
  p.year === 0 ? (p.quarter == null ? '年度' : `第${'一二三四'[p.quarter - 1]}季度`) : periodLabel(p);
const quoteList = (xs: readonly string[]): string => xs.map((x) => `“${shown(x)}”`).join('、');

export const layoutProblems = {
  /** Row rejected: a star-list cell names something that is no star. */
  unknownStar: (p: Place, token: string) =>
    make('unknown_star', 'error', p, `${cell(p)} 的值${v(p)}中的"${shown(token)}"不是星名，本行未导入。请只填写星名（${STAR_NAMES}，"星"字可省略），多颗星之间用顿号、逗号或空格隔开，没有星填"无"，然后重新导入。`),

  /** Row loaded: the 星级 column disagrees with the stars the list column names. */
  listLevelMismatch: (p: Place, listColumn: string, held: readonly StarId[], counted: number) =>
    make('level_mismatch', 'warning', p, `${cell(p)} 填写的星级${v(p)}与"${listColumn}"列所列的星不符（所列的星中本单位评的有${counted}颗${held.length ? `：${names(held)}` : ''}）。已按所列的星计为${LEVEL_NAMES[counted]}，请核对。`),

  /** Sheet read as quarters (or years) side by side: how it was read. */
  wideRead: (p: Place, groups: ReadonlyArray<{ label: string; period: Period }>, yearFrom: string | null, empty: number) =>
    make('wide_layout', 'warning', p, `${loc(p)}：本表把多个期次并排排列（${groups.map((g) => `“${shown(g.label)}”→${blockPeriod(g.period)}`).join('，')}），已按每组一个期次分别导入，每个村（社区）每组一条记录${yearFrom ? `；年份取自${yearFrom}` : ''}。${empty > 0 ? `有${empty}处某村（社区）某一组全部为空，视为该期次未评，没有导入记录。` : ''}如果分组的期次读错了，请把每个期次放到单独的工作表（表名写明如"2024年第一季度"）后重新导入。`),

  /** Period-like groups that cannot be mapped: nothing of the sheet is imported. */
  wideAmbiguous: (p: Place, groups: readonly string[], reason: string, rows: number) =>
    make('wide_layout_unclear', 'error', p, `${loc(p)}：表头有多组重复的评星列，分组为${quoteList(groups)}，${reason}为避免把某一组误当成全年或别的期次，本表${rows}行均未导入。请把每个季度的评星放到单独的工作表（表名写明如"2024年第一季度"），或每个村（社区）只保留一组评星列，然后重新导入。`),

  /** Groups name quarters, but no text says which year. */
  wideNoYear: (p: Place, groups: readonly string[], rows: number) =>
    make('period_unknown', 'error', p, `${loc(p)}：本表按${quoteList(groups)}分组并排排列各季度，但表头、标题、工作表名和文件名中都没有年份，无法确定是哪一年，本表${rows}行未导入。请在导入时选择期次（只取其中的年份），或在标题或工作表名中写明年份（如"2024年"）后重新导入。`),
};
