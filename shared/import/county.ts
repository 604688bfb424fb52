/**
 * The county (县、市、区) of each file of an import, decided before its rows are read:
 * a unit without a 行政区划代码 is identified by a hash of county + township + name, so a 2023
 * file that names no county and a 2024 file titled "某某县…" must agree on the county, or
 * every village is counted twice.
 *
 * For each file, the first that gives a county:
 *   1. the user: `countyByFile[file]` (a correction in the import dialog), else `county`
 *      (one county for every file, the CLI's --county). Wins over the county column too.
 *   2. a county column: its cell, row by row; blank cells take the county found below, else
 *      the column's one county when it holds only one.
 *   3. the title rows, then the sheet names, then the file name ("XX县…", "郑州市中原区…").
 *      A sheet whose own title or name names a county keeps it; other sheets take the file's.
 *   4. the one county named by the other files of the same import ('import');
 *   5. the one county of the workspace (`knownCounties` with exactly one entry: 'workspace');
 *   6. none (''). When the import or the workspace holds several counties, the file is
 *      flagged so the user can choose.
 */
import { normalizeKey, normalizeName } from './normalize.ts';
import { fileStem } from './period-infer.ts';
import type { CountySource } from './types.ts';

const CJK = '\\u4e00-\\u9fa5';
const COUNTY_RE = new RegExp(`^(?:中共)?(?:[${CJK}]{2,3}[省市])?([${CJK}]{1,5}?(?:自治县|县|旗))`);
const DISTRICT_RE = new RegExp(`^(?:中共)?(?:[${CJK}]{2,3}省)?[${CJK}]{2,3}市([${CJK}]{1,4}区)`);

/** The county prefix of a normalized key ("XX县2024年…"), or null. */
export function matchCountyPrefix(key: string): RegExpExecArray | null {
  return COUNTY_RE.exec(key) ?? DISTRICT_RE.exec(key);
}

/** "XX县2024年…" → "XX县"; "郑州市中原区…" → "中原区"; null when the text names no county. */
export function countyFromText(text: string): string | null {
  const m = matchCountyPrefix(normalizeKey(text));
  return m && !/^[全本各我该][县区旗]$/.test(m[1]) ? normalizeName(m[1]) : null;
}

/** What one sheet says about its county. */
export interface SheetCountyEvidence {
  name: string;
  /** Text rows above the header (header.ts HeaderInfo.preamble). */
  preamble: string[];
  /** Distinct counties in the county column (normalized, no blanks, no 合计 rows). */
  columnValues: string[];
}

export interface FileCountyEvidence {
  file: string;
  sheets: SheetCountyEvidence[];
}

export interface CountyOptions {
  /** One county for every file (CLI --county). */
  county?: string;
  /** The user's county for a file, by file name (the import dialog's correction). */
  countyByFile?: Record<string, string>;
  /** Counties already in the workspace; used only when it holds exactly one. */
  knownCounties?: string[];
}

export interface FileCounty {
  /** For the report: the file's county ('、'-joined when its county column names several). */
  county: string;
  source: CountySource | null;
  /** The county of rows without a county cell, per sheet (in the order of the evidence). */
  sheetDefaults: string[];
  /** Whether county column cells are read (false when the user chose the county). */
  useColumn: boolean;
  /** Set when the county was assumed ('import', 'workspace'), or could not be decided among several. */
  notice: { kind: 'assumed'; county: string } | { kind: 'unknown'; candidates: string[] } | null;
}

interface OwnCounty {
  county: string;
  source: CountySource;
}

const clean = (s: string | undefined): string => (s == null ? '' : normalizeName(s));

/** What a sheet's own title rows, then its name, say. */
function sheetOwn(s: SheetCountyEvidence): OwnCounty | null {
  for (const t of s.preamble) {
    const c = countyFromText(t);
    if (c) return { county: c, source: 'title' };
  }
  const c = countyFromText(s.name);
  return c ? { county: c, source: 'sheet' } : null;
}

/** What a file says: any sheet's title rows, then the sheet names, then the file name. */
function fileOwn(f: FileCountyEvidence): OwnCounty | null {
  const own = f.sheets.map(sheetOwn);
  return (
    own.find((o) => o?.source === 'title') ??
    own.find((o) => o?.source === 'sheet') ??
    ((c) => (c ? { county: c, source: 'file' as const } : null))(countyFromText(fileStem(f.file)))
  );
}

export function resolveFileCounties(files: FileCountyEvidence[], options: CountyOptions = {}): FileCounty[] {
  const forced = clean(options.county);
  const workspace = [...new Set((options.knownCounties ?? []).map(clean).filter((c) => c !== ''))];

  // First what each file says by itself.
  const first = files.map((f) => {
    const user = clean(options.countyByFile?.[f.file]) || forced;
    const column = [...new Set(f.sheets.flatMap((s) => s.columnValues))];
    return { user, column, own: user ? null : fileOwn(f), sheetOwn: f.sheets.map(sheetOwn) };
  });
  const named = (i: number): string[] => {
    const x = first[i];
    if (x.user) return [x.user];
    return [...x.column, ...(x.own ? [x.own.county] : []), ...x.sheetOwn.flatMap((o) => (o ? [o.county] : []))];
  };

  return files.map((f, i): FileCounty => {
    const x = first[i];
    if (x.user) {
      return { county: x.user, source: 'user', sheetDefaults: f.sheets.map(() => x.user), useColumn: false, notice: null };
    }
    // The county of rows without a county cell.
    let fallback: OwnCounty | null = x.own ?? (x.column.length === 1 ? { county: x.column[0], source: 'column' } : null);
    let notice: FileCounty['notice'] = null;
    if (!fallback && x.column.length === 0) {
      const others = [...new Set(files.flatMap((_, j) => (j === i ? [] : named(j))))];
      if (others.length === 1) fallback = { county: others[0], source: 'import' };
      else if (others.length === 0 && workspace.length === 1) fallback = { county: workspace[0], source: 'workspace' };
      if (fallback) notice = { kind: 'assumed', county: fallback.county };
      else {
        const candidates = others.length > 0 ? others : workspace;
        if (candidates.length > 1) notice = { kind: 'unknown', candidates };
      }
    }
    const sheetDefaults = f.sheets.map((_, k) => x.sheetOwn[k]?.county ?? fallback?.county ?? '');
    if (x.column.length > 0) {
      return { county: x.column.join('、'), source: 'column', sheetDefaults, useColumn: true, notice: null };
    }
    const county = [...new Set(sheetDefaults.filter((c) => c !== ''))].join('、');
    return { county, source: county === '' ? null : fallback?.source ?? null, sheetDefaults, useColumn: true, notice };
  });
}
