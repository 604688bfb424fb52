/**
 * The import rules and the words for them: which rows are skipped (合计, blank, notes),
 * how a unit is identified, and every problem message. A message names the file, sheet,
 * row, column and value, says what was done, and what the user should do — in Chinese.
 */
import { periodLabel, type Period } from '../period.ts';
import { KIND_NAMES, LEVEL_NAMES, type StarDef, type UnitKind } from '../stars.ts';
import { normalizeKey, showInvisible } from './normalize.ts';
import type { Problem, Severity } from './types.ts';

// ───────────────────────── row classification ─────────────────────────

const TOTAL_HINT = /[计总数]/;
const TOTAL_WORDS = /^(?:合计|小计|总计|总数|汇总|共计|总合计)|(?:合计|小计|总计|总数|汇总|共计)$/;

/** A 合计 / 小计 / 总计 / 总数 row label (also "城关镇小计", "合 计"). Village names ending in 村 never match. */
export function isTotalLabel(text: string): boolean {
  if (text.length === 0 || text.length > 30 || !TOTAL_HINT.test(text)) return false;
  const k = normalizeKey(text);
  if (k.endsWith('村') || k.endsWith('社区')) return false;
  return TOTAL_WORDS.test(k);
}

const NOTE_START = /^(?:注|备注|说明|填表|填报|制表|审核|审批|联系人|联系电话|负责人|单位负责人|分管领导|数据来源|统计时间|报送|盖章|签字|附[:：件])/;

/** A note under the table: "注：…", "填表人：…", "审核人：…". */
export function isNoteText(text: string): boolean {
  return NOTE_START.test(text.trim());
}

// ───────────────────────── unit identity ─────────────────────────

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * unitIdFor (shared/unit-id.ts) computed with 32-bit halves instead of BigInt: the same
 * 64-bit FNV-1a over the UTF-8 bytes, about 50× faster, for million-row imports.
 * Tests check it against unitIdFor.
 */
export function fastUnitId(county: string, township: string, name: string): string {
  const text = `${county}\u001f${township}\u001f${name}`;
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (b: number): void => {
    lo = (lo ^ b) >>> 0;
    const plo = lo * 0x1b3;
    const carry = Math.floor(plo / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = plo >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        step(0xf0 | (c >> 18));
        step(0x80 | ((c >> 12) & 0x3f));
        step(0x80 | ((c >> 6) & 0x3f));
        step(0x80 | (c & 0x3f));
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: TextEncoder writes U+FFFD
    if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return 'u' + hex8(hi) + hex8(lo);
}

// ───────────────────────── problems ─────────────────────────

/** Where a problem is: file, sheet, and (for a cell) its Excel row and column header. */
export interface Place {
  file: string;
  sheet: string;
  row: number | null;
  column: string | null;
  value: string | null;
}

const MAX_SHOWN = 40;

/** A value as quoted in a message: long values are shortened (Problem.value keeps it whole). */
export function shown(value: string): string {
  return value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) + '…' : value;
}

/** Where a problem is: file / sheet / 第N行 (the message writers of validate, layout and score problems share these). */
export function loc(p: Place): string {
  const base = `${p.file} / ${p.sheet}`;
  return p.row == null ? base : `${base} / 第${p.row}行`;
}

/** The same with the column. */
export function cell(p: Place): string {
  return p.column ? `${loc(p)} / ${p.column}` : loc(p);
}

export function make(code: string, severity: Severity, p: Place, message: string): Problem {
  return { file: p.file, sheet: p.sheet, row: p.row, column: p.column, value: p.value, code, severity, message };
}

/** A cell's value quoted for a message, cut when long. */
export const v = (p: Place): string => `"${shown(p.value ?? '')}"`;

/** Every problem the import reports, one function per code. */
export const problems = {
  // Row rejected.
  missingName: (p: Place) =>
    make('missing_name', 'error', p, `${cell(p)} 为空，缺少村（社区）名称，本行未导入。请补填名称后重新导入。`),
  missingTownship: (p: Place) =>
    make('missing_township', 'error', p, `${cell(p)} 为空，缺少乡镇（街道），本行未导入。请补填乡镇后重新导入（原表乡镇若是合并单元格，请取消合并并填满每一行）。`),
  noTownshipColumn: (p: Place) =>
    make('missing_township', 'error', p, `${loc(p)}：本表没有乡镇（街道）列，工作表名、标题和文件名中也找不到乡镇名称，本行未导入。请在表中加一列"乡镇"，然后重新导入。`),
  badPeriod: (p: Place, outOfRange: boolean) =>
    make('bad_period', 'error', p, `${cell(p)} 的值${v(p)}${outOfRange ? '超出范围' : '无法识别为期次'}，本行未导入。请填写如"2024年第三季度"或"2024Q3"的期次（年份2000–2100，季度1–4），然后重新导入。`),
  missingPeriod: (p: Place) =>
    make('missing_period', 'error', p, `${cell(p)} 为空，且工作表名、标题和文件名中都没有期次，本行未导入。请补填期次，或在导入时选择期次。`),
  badMark: (p: Place) =>
    make('bad_mark', 'error', p, `${cell(p)} 的值${v(p)}无法识别为是否达标，本行未导入。请填写 √ 或 ×（不适用填 /），然后重新导入。`),
  badLevel: (p: Place, outOfRange: boolean) =>
    make('bad_level', 'error', p, outOfRange
      ? `${cell(p)} 的值${v(p)}超出星级范围（0–5星），本行未导入。请改为0–5之间的星级，然后重新导入。`
      : `${cell(p)} 的值${v(p)}无法识别为星级，本行未导入。请填写0–5的数字或"三星"这样的写法，然后重新导入。`),
  missingLevel: (p: Place) =>
    make('missing_level', 'error', p, `${cell(p)} 为空，本表又没有各星列，无法确定星级，本行未导入。请填写星级（0–5）后重新导入。`),
  duplicate: (p: Place, township: string, period: Period, first: { file: string; sheet: string; row: number }) =>
    make('duplicate_row', 'error', p, `${loc(p)}：${v(p)}（${shown(township)}）${periodLabel(period)}的记录重复，已保留先出现的一行（${first.file} / ${first.sheet} / 第${first.row}行），本行未导入。请删除重复行，或核对村名、乡镇和期次是否填错。`),

  // Row loaded, with a warning.
  levelMismatch: (p: Place, counted: number) =>
    make('level_mismatch', 'warning', p, `${cell(p)} 填写的星级${v(p)}与各星标记不符（标记达标${counted}颗星）。已按各星标记计为${LEVEL_NAMES[counted]}，请核对。`),
  capstone: (p: Place, name: string, missing: StarDef[]) =>
    make('capstone', 'warning', p, `${cell(p)}："${shown(name)}"标记了支部过硬星，但${missing.map((s) => s.name).join('、')}未达标（支部过硬星通常在其余四星都取得后才授予）。已按原样导入，请核对。`),
  starNotApplicable: (p: Place, kind: UnitKind, name: string, star: StarDef) =>
    make('star_not_applicable', 'warning', p, `${cell(p)}：${KIND_NAMES[kind]}"${shown(name)}"不评${star.name}，标记${v(p)}已忽略。如果类型填错了，请改正后重新导入。`),
  naOnApplicable: (p: Place, kind: UnitKind, star: StarDef) =>
    make('na_on_applicable', 'warning', p, `${cell(p)} 填写了${v(p)}（不适用），但${star.name}是${KIND_NAMES[kind]}的评星项目。已按未达标导入，请核对。`),
  badKind: (p: Place, kind: UnitKind) =>
    make('bad_kind', 'warning', p, `${cell(p)} 的值${v(p)}无法识别为村或社区，已按名称推断为${KIND_NAMES[kind]}。请填写"村"或"社区"。`),
  missingKind: (p: Place, kind: UnitKind) =>
    make('bad_kind', 'warning', p, `${cell(p)} 为空，已按名称推断为${KIND_NAMES[kind]}。请填写"村"或"社区"。`),
  badNumber: (p: Place) =>
    make('bad_number', 'warning', p, `${cell(p)} 的值${v(p)}不是数字，已留空。请填写数字（如 12.5），然后重新导入。`),
  badTarget: (p: Place) =>
    make('bad_target', 'warning', p, `${cell(p)} 的值${v(p)}无法识别为创建目标星级，已留空。请填写如"四星"或 4。`),
  badFlag: (p: Place) =>
    make('bad_flag', 'warning', p, `${cell(p)} 的值${v(p)}无法识别为"是"或"否"，已留空。请填写"是"或"否"。`),
  badUnitCode: (p: Place) =>
    make('bad_unit_code', 'warning', p, `${cell(p)} 的值${v(p)}不是有效的行政区划代码（应为12位数字），已改按乡镇和名称识别该村（社区）。`),

  codeScientific: (p: Place, count: number) =>
    make('code_scientific', 'warning', p, `${cell(p)}：${count}个行政区划代码被 Excel 改成了科学计数法或末几位变成了0（如${v(p)}），已不可信，这些行改按乡镇和名称识别村（社区）。请在 Excel 中把该列的单元格格式设为"文本"后重新填入完整代码（或从原系统导出时把该列设为文本），然后重新导入。`),

  // Names and text.
  nameNormalized: (p: Place, count: number, examples: Array<[string, string]>) =>
    make('name_normalized', 'warning', p, `${cell(p)}：${count}个单元格含有看不见的字符、全角字母数字或字间空格，已统一写法后导入（${examples.map(([typed, norm]) => `"${shown(showInvisible(typed))}"→"${shown(norm)}"`).join('，')}${count > examples.length ? ' 等' : ''}），写法不同的同一名称因此算作同一个。如需核对，请检查原表。`),
  replacementChar: (p: Place, count: number, encoding: string | null) =>
    make('replacement_char', 'warning', p, `${cell(p)}：文件中有${count}个无法识别的字符（显示为"\ufffd"，此处是第一个），${encoding ? `按${encoding}读取时` : '读取时'}有文字丢失，名称可能已经损坏。请在导入对话框的"文本编码"中换一种编码（如 GB18030 或 UTF-8）重新读取，或在 Excel/WPS 中把文件另存为"CSV UTF-8"后再导入。`),

  // File level: the county.
  countyAssumed: (p: Place, county: string) =>
    make('county_assumed', 'warning', p, `文件“${p.file}”未注明县（市、区），按 ${shown(county)} 导入。如不对，请在导入对话框中为该文件指定县（市、区）。`),
  countyUnknown: (p: Place, candidates: string[]) =>
    make('county_unknown', 'warning', p, `文件“${p.file}”未注明县（市、区），而本次导入的文件或工作区中有多个县（市、区）（${candidates.map(shown).join('、')}），无法判断本文件属于哪一个，已按未注明县（市、区）导入。请在导入对话框中为该文件指定县（市、区），否则同一村（社区）可能被算成两个。`),

  // Rows skipped.
  skippedTotal: (p: Place) => make('skipped_total', 'warning', p, `${cell(p)}：${v(p)}是合计行，已跳过。`),
  skippedNote: (p: Place) => make('skipped_note', 'warning', p, `${loc(p)}：说明文字${v(p)}，已跳过。`),
  skippedHeader: (p: Place) => make('skipped_header', 'warning', p, `${loc(p)}：与表头相同的行，已跳过。`),
  skippedBlank: (p: Place, rows: number[]) => {
    const list = rows.slice(0, 10).join('、') + (rows.length > 10 ? ` 等` : '');
    return make('skipped_blank', 'warning', p, `${loc(p)}：跳过${rows.length}个空行（第${list}行）。`);
  },

  // Sheet level.
  sheetSkipped: (p: Place, empty: boolean) =>
    make('sheet_skipped', 'warning', p, empty
      ? `${loc(p)}：空工作表，已跳过。`
      : `${loc(p)}：前15行中没有找到表头（至少需要"村（社区）名称"列，以及"星级"列或各星列），已跳过本表。如果本表是数据，请检查表头，或在导入时手动指定各列。`),
  noHeader: (p: Place, sheets: string[]) =>
    make('no_header', 'error', p, `${p.file}：${sheets.length > 1 ? `所有工作表（${sheets.map(shown).join('、')}）都` : '表中'}没有找到表头，未导入任何数据。需要的列：乡镇（街道）、村（社区）名称，以及星级或支部过硬星、产业兴旺星等各星列（表头须在前15行内）。请检查表头，或在导入时手动指定各列。`),
  periodUnknown: (p: Place, rows: number, year: number | null) =>
    make('period_unknown', 'error', p, `${loc(p)}：无法确定本表的期次${year != null ? `（只找到年份${year}年，没有季度）` : ''}：表中没有期次列，工作表名、标题和文件名中也没有"2024年第三季度"这样的写法。本表${rows}行未导入，请在导入时选择期次。`),
  kindInferred: (p: Place) =>
    make('kind_inferred', 'warning', p, `${loc(p)}：本表没有"类型"列，已按名称推断：名称以"社区""居委会"结尾的为社区，其余为村。如有不符，请加一列"类型"（村/社区）后重新导入。`),
  starsMissing: (p: Place) =>
    make('stars_missing', 'warning', p, `${loc(p)}：本表只有星级列，没有各星的达标情况。已按填写的星级导入，各星是否达标记为未知。`),
  starsIncomplete: (p: Place, kind: UnitKind, missing: StarDef[], hasLevel: boolean) =>
    make('stars_incomplete', 'warning', p, `${loc(p)}：本表缺少${KIND_NAMES[kind]}的${missing.map((s) => s.name).join('、')}列，这些星记为未知；星级${hasLevel ? '按"星级"列导入' : '按已有各星计算'}。请核对。`),
  townshipInferred: (p: Place, township: string, from: string) =>
    make('township_inferred', 'warning', p, `${loc(p)}：本表没有乡镇列，已从${from}取乡镇"${shown(township)}"。如不对，请在表中加一列"乡镇"。`),
  noRows: (p: Place, headerRow: number) => make('no_rows', 'warning', p, `${loc(p)}：找到了表头（第${headerRow}行），但下面没有数据行。`),
} as const;
