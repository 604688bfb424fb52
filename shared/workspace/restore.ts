/**
 * Putting a workspace's tables into the database: restore (replace everything, as when
 * opening a file) and merge (add several counties' workspaces into one city-level view).
 *
 * Both first stage every table from its Arrow bytes and check it against the live schema
 * (columns, NOT NULL, row counts, every rating pointing at a dataset and a unit, every value
 * in its type and domain: see validateStaged), then
 * change the live tables inside one transaction: a bad file leaves the open workspace as
 * it was. Summaries are rebuilt afterwards.
 */
import type { Database } from '../db.ts';
import { nextDatasetId, purgeTrash } from '../datasets.ts';
import { ensureSchema, refreshDerived } from '../load.ts';
import { ident, int, str } from '../sql/literal.ts';
import { PERSISTENT_TABLES } from '../sql/schema.ts';
import { MAX_LEVEL, STARS, type UnitKind } from '../stars.ts';
import { ASK_FOR_COPY, CORE_TABLES, optionalColumns, WorkspaceError, type Workspace } from './format.ts';
import { tableColumns } from './write.ts';

type Staged = Partial<Record<string, string>> & { datasets: string; units: string; ratings: string };

async function dropStaged(db: Database, staged: Partial<Record<string, string>>): Promise<void> {
  for (const name of Object.values(staged)) if (name) await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
}

async function hasColumn(db: Database, table: string, column: string): Promise<boolean> {
  return (await tableColumns(db, table)).some((c) => c.name === column);
}

/**
 * Loads a workspace's tables into __ws_<prefix>_<table> and checks them. Tables of
 * PERSISTENT_TABLES the file does not hold (added to the app after it was written) are
 * simply absent from the result.
 */
async function stage(db: Database, ws: Workspace, prefix: string): Promise<Staged> {
  if (!db.insertArrowIPC) throw new WorkspaceError('unsupported', '当前分析引擎不支持打开工作区', '请使用星图桌面版或浏览器版', ws.fileName);
  const staged: Partial<Record<string, string>> = {};
  const corrupt = (what: string) => new WorkspaceError('corrupt-table', what, ASK_FOR_COPY, ws.fileName);
  try {
    for (const name of PERSISTENT_TABLES) {
      const bytes = ws.tables[name];
      if (!bytes) {
        if (CORE_TABLES.includes(name)) throw new WorkspaceError('missing-table', `工作区缺少数据表“${name}”，文件不完整`, ASK_FOR_COPY, ws.fileName);
        continue;
      }
      const target = `__ws_${prefix}_${name}`;
      await db.exec(`DROP TABLE IF EXISTS ${ident(target)}`);
      staged[name] = target;
      try {
        await db.insertArrowIPC(target, bytes);
      } catch (e) {
        throw new WorkspaceError('corrupt-table', `数据表“${name}”无法读入分析引擎`, ASK_FOR_COPY, ws.fileName, [(e as Error).message]);
      }
      const live = await tableColumns(db, name);
      const have = new Set((await tableColumns(db, target)).map((c) => c.name));
      const optional = optionalColumns(ws.manifest.version, name);
      const missing = live.filter((c) => !have.has(c.name) && !optional.includes(c.name)).map((c) => c.name);
      if (missing.length) throw corrupt(`数据表“${name}”缺少列：${missing.join('、')}`);
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(target)}`);
      const expected = ws.manifest.tables.find((t) => t.name === name)?.rows;
      if (expected != null && Number(n) !== expected) throw corrupt(`数据表“${name}”应有 ${expected} 行，实际读入 ${Number(n)} 行`);
    }
    const s = staged as Staged;
    // Every row that belongs to a dataset must find it; every rating its unit.
    for (const [name, table] of Object.entries(s)) {
      // A link keeps the import that made it for undo only; it may outlive that dataset.
      if (name === 'datasets' || name === 'unit_links' || !table || !(await hasColumn(db, name, 'dataset_id'))) continue;
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}
        WHERE dataset_id NOT IN (SELECT dataset_id FROM ${ident(s.datasets)})`);
      if (Number(n) > 0) throw corrupt(`数据表“${name}”中有 ${Number(n)} 行所属的数据集不在工作区中`);
    }
    const [{ unknown, dup }] = await db.query<{ unknown: number; dup: number }>(`SELECT
      (SELECT count(*) FROM ${ident(s.ratings)} WHERE unit_id NOT IN (SELECT unit_id FROM ${ident(s.units)})) AS unknown,
      (SELECT count(*) - count(DISTINCT dataset_id) FROM ${ident(s.datasets)}) AS dup`);
    if (Number(unknown) > 0) throw corrupt(`有 ${Number(unknown)} 条评定记录所属的单位不在工作区中`);
    // Since version 2 a unit is one row; version 1 files may list a unit once per name it had
    // (they are migrated: units are rebuilt from the ratings after opening).
    if (ws.manifest.version >= 2) {
      const [{ d }] = await db.query<{ d: number }>(`SELECT count(*) - count(DISTINCT unit_id) AS d FROM ${ident(s.units)}`);
      if (Number(d) > 0) throw corrupt(`数据表“units”中有 ${Number(d)} 个单位编号重复（每个单位应只有一行）`);
    }
    if (Number(dup) > 0) throw corrupt('数据集编号重复');
    await validateStaged(db, s, ws);
    return s;
  } catch (e) {
    await dropStaged(db, staged);
    throw e;
  }
}

/** One rule for the staged values of a column: `bad` is SQL over the value `v`, true when it is out of its domain. */
interface ValueRule {
  column: string;
  bad: (v: string) => string;
  /** What the value should be, in Chinese. */
  domain: string;
}

const num = (v: string) => `TRY_CAST(${v} AS DOUBLE)`;
const integral = (v: string) => `(${num(v)} IS NULL OR ${num(v)} <> trunc(${num(v)}))`;
const intIn = (lo: number, hi: number) => (v: string) => `(${integral(v)} OR ${num(v)} < ${lo} OR ${num(v)} > ${hi})`;
const oneOf = (values: readonly string[]) => (v: string) => `CAST(${v} AS VARCHAR) NOT IN (${values.map(str).join(', ')})`;
const KINDS: readonly UnitKind[] = ['village', 'community'];
const KIND_DOMAIN = '单位类型应为 village（村）或 community（社区）';

/**
 * What a value of each live column type must be. Checked on the staged value itself, before
 * any CAST: 3.7 is not an INTEGER (a CAST would round it to 4), 7 is not a BOOLEAN.
 */
function typeRule(column: string, type: string): ValueRule | null {
  if (type === 'INTEGER') return { column, bad: intIn(-2147483648, 2147483647), domain: '应为整数' };
  if (type === 'DOUBLE') return { column, bad: (v) => `(${num(v)} IS NULL OR NOT isfinite(${num(v)}))`, domain: '应为有限的数值' };
  if (type === 'BOOLEAN') return { column, bad: (v) => `lower(CAST(${v} AS VARCHAR)) NOT IN ('true', 'false', '1', '0')`, domain: '应为是或否（true/false）' };
  if (type === 'VARCHAR') return null;
  return { column, bad: (v) => `TRY_CAST(${v} AS ${type}) IS NULL`, domain: `应为 ${type} 类型` };
}

/** The domains of the schema (DESIGN.md §2), by table. */
const DOMAIN_RULES: Record<string, ValueRule[]> = {
  ratings: [
    { column: 'year', bad: intIn(2000, 2100), domain: '年份应为 2000–2100 的整数' },
    { column: 'quarter', bad: intIn(1, 4), domain: '季度应为 1–4 的整数（全年评定为空）' },
    { column: 'level', bad: intIn(0, MAX_LEVEL), domain: `星级应为 0–${MAX_LEVEL} 的整数` },
    { column: 'target_level', bad: intIn(0, MAX_LEVEL), domain: `创建目标应为 0–${MAX_LEVEL} 的整数` },
    { column: 'kind', bad: oneOf(KINDS), domain: KIND_DOMAIN },
  ],
  rating_extras: [
    { column: 'year', bad: intIn(2000, 2100), domain: '年份应为 2000–2100 的整数' },
    { column: 'quarter', bad: intIn(1, 4), domain: '季度应为 1–4 的整数（全年评定为空）' },
  ],
  units: [{ column: 'kind', bad: oneOf(KINDS), domain: KIND_DOMAIN }],
  unit_links: [{ column: 'link_kind', bad: oneOf(['unit', 'township']), domain: '关联类型应为 unit 或 township' }],
};

const shown = (v: unknown) => {
  const t = String(v);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
};

/**
 * Every staged value against its column's type and the schema's domain (levels 0–5 and
 * integral, quarters 1–4 or empty, known kinds, stars only where they apply to the unit's
 * kind); throws WorkspaceError 'bad-value' naming the table, column, how many and an example.
 */
async function validateStaged(db: Database, s: Staged, ws: Workspace): Promise<void> {
  const badValue = (table: string, column: string, n: number, example: unknown, domain: string) =>
    new WorkspaceError('bad-value',
      `数据表“${table}”的“${column}”列有 ${n} 个值不符合要求（如“${shown(example)}”）：${domain}`, ASK_FOR_COPY, ws.fileName);
  for (const name of PERSISTENT_TABLES) {
    const table = s[name];
    if (!table) continue;
    const have = new Set((await tableColumns(db, table)).map((c) => c.name));
    const rules = [
      ...(await tableColumns(db, name)).map((c) => typeRule(c.name, c.type)),
      ...(DOMAIN_RULES[name] ?? []),
    ].filter((r): r is ValueRule => r !== null && have.has(r.column));
    if (rules.length === 0) continue;
    const select = rules.map((r, i) => {
      const v = `s.${ident(r.column)}`;
      const cond = `${v} IS NOT NULL AND (${r.bad(v)})`;
      return `count_if(${cond}) AS n${i}, min(CAST(${v} AS VARCHAR)) FILTER (WHERE ${cond}) AS v${i}`;
    });
    const [row] = await db.query<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${ident(table)} s`);
    rules.forEach((r, i) => {
      if (Number(row[`n${i}`]) > 0) throw badValue(name, r.column, Number(row[`n${i}`]), row[`v${i}`], r.domain);
    });
  }
  // Stars only where they apply: to the rating's own kind (version 2), else to the kind of its
  // unit (a version 1 file may list a unit under several kinds: any of them will do).
  const ratingKind = await hasColumn(db, s.ratings, 'kind') ? 'CAST(r.kind AS VARCHAR)' : 'NULL';
  const applies = (kinds: readonly UnitKind[]) =>
    `CASE WHEN ${ratingKind} IS NOT NULL THEN ${ratingKind} IN (${kinds.map(str).join(', ')})
          ELSE ${kinds.map((k) => `u.${k}`).join(' OR ')} END`;
  const stars = STARS.filter((star) => star.kinds.length < KINDS.length);
  const select = stars.map((star, i) => {
    const cond = `r.${ident(star.id)} IS NOT NULL AND NOT coalesce(${applies(star.kinds)}, false)`;
    return `count_if(${cond}) AS n${i}, min(concat(r.unit_id, ' ', r.year, coalesce('Q' || r.quarter, ''))) FILTER (WHERE ${cond}) AS v${i}`;
  });
  const [row] = await db.query<Record<string, unknown>>(`SELECT ${select.join(', ')} FROM ${ident(s.ratings)} r
    LEFT JOIN (SELECT unit_id, bool_or(kind = 'village') AS village, bool_or(kind = 'community') AS community
               FROM ${ident(s.units)} GROUP BY unit_id) u USING (unit_id)`);
  stars.forEach((star, i) => {
    const n = Number(row[`n${i}`]);
    if (n > 0) {
      const only = star.kinds.map((k) => (k === 'village' ? '村' : '社区')).join('、');
      throw badValue('ratings', star.id, n, row[`v${i}`], `${star.name}只适用于${only}，其他单位此项应为空`);
    }
  });
}

/** DuckDB's English error as a short Chinese phrase (the original goes to the details). */
function engineProblem(e: Error): string {
  const m = e.message;
  let x: RegExpExecArray | null;
  if ((x = /NOT NULL constraint failed: ([\w.]+)/.exec(m))) return `必填的“${x[1]}”有空值`;
  if (/Conversion Error|Could not convert|Invalid Input/i.test(m)) return '有值无法转换为应有的类型';
  return '分析引擎拒绝了其中的数据';
}

/**
 * SELECT list that casts the staged columns to the live table's types; a column the staged
 * table lacks (an older file: see ADDED_IN_V2) is NULL.
 */
async function castList(db: Database, table: string, staged: string, replace: Record<string, string> = {}): Promise<{ columns: string; select: string }> {
  const live = await tableColumns(db, table);
  const have = new Set((await tableColumns(db, staged)).map((c) => c.name));
  return {
    columns: live.map((c) => ident(c.name)).join(', '),
    select: live.map((c) => replace[c.name] ?? (have.has(c.name) ? `CAST(s.${ident(c.name)} AS ${c.type})` : `NULL::${c.type}`)).join(', '),
  };
}

/**
 * Ratings from a version 1 file do not say what their file called the unit: take the
 * unit's attributes (one of them, where a version 1 file listed a unit under several names).
 */
async function fillRecorded(db: Database): Promise<void> {
  await db.exec(`UPDATE ratings SET orig_unit_id = ratings.unit_id, orig_county = coalesce(u.county, ''),
      orig_township = u.township, orig_name = u.name, kind = u.kind
    FROM (SELECT unit_id, any_value(county) AS county, any_value(township) AS township, any_value(name) AS name,
                 any_value(kind) AS kind FROM units GROUP BY unit_id) u
    WHERE ratings.orig_unit_id IS NULL AND ratings.unit_id = u.unit_id`);
}

async function inTransaction(db: Database, fileName: string | undefined, change: () => Promise<void>): Promise<void> {
  await db.exec('BEGIN TRANSACTION');
  try {
    await change();
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK').catch(() => undefined);
    if (e instanceof WorkspaceError) throw e;
    throw new WorkspaceError('corrupt-table', `工作区中的数据不符合要求（${engineProblem(e as Error)}）`, ASK_FOR_COPY, fileName,
      [(e as Error).message]);
  }
}

/** Future imports must sort after every restored or merged dataset. */
async function bumpDatasetSeq(db: Database): Promise<void> {
  const [{ m }] = await db.query<{ m: number }>(`SELECT coalesce(max(seq), 0) AS m FROM datasets`);
  const [{ v }] = await db.query<{ v: number }>(`SELECT nextval('dataset_seq') AS v`);
  const gap = Number(m) - Number(v);
  if (gap > 0) await db.query(`SELECT max(nextval('dataset_seq')) AS v FROM range(${int(gap)})`);
}

export interface RestoreResult {
  datasets: number;
  units: number;
  ratings: number;
}

/**
 * Opens a workspace: its tables replace the live ones, the undo trash is emptied, the
 * summaries are rebuilt. Throws WorkspaceError (and leaves the database as it was) when
 * the tables do not fit.
 */
export async function restoreWorkspace(db: Database, ws: Workspace): Promise<RestoreResult> {
  await ensureSchema(db);
  const staged = await stage(db, ws, 'open');
  try {
    await inTransaction(db, ws.fileName, async () => {
      for (const name of [...PERSISTENT_TABLES].reverse()) await db.exec(`DELETE FROM ${ident(name)}`);
      for (const name of PERSISTENT_TABLES) {
        const from = staged[name];
        if (!from) continue;
        const { columns, select } = await castList(db, name, from);
        await db.exec(`INSERT INTO ${ident(name)} (${columns}) SELECT ${select} FROM ${ident(from)} s`);
      }
      await fillRecorded(db);
    });
  } finally {
    await dropStaged(db, staged);
  }
  await purgeTrash(db);
  await bumpDatasetSeq(db);
  await refreshDerived(db);
  const [r] = await db.query<{ d: number; u: number; r: number }>(
    `SELECT (SELECT count(*) FROM datasets) AS d, (SELECT count(*) FROM units) AS u, (SELECT count(*) FROM ratings) AS r`);
  return { datasets: Number(r.d), units: Number(r.u), ratings: Number(r.r) };
}

export interface UnitVariant {
  county: string | null;
  township: string;
  name: string;
  kind: string;
  /** Where this variant comes from: a file name, or null for the open workspace. */
  from: string | null;
}

export interface UnitConflict {
  unit_id: string;
  variants: UnitVariant[];
}

/** Empties the workspace: no datasets, no units, no ratings, an empty undo trash. */
export async function clearWorkspace(db: Database): Promise<void> {
  await ensureSchema(db);
  await inTransaction(db, undefined, async () => {
    for (const name of [...PERSISTENT_TABLES].reverse()) await db.exec(`DELETE FROM ${ident(name)}`);
  });
  await purgeTrash(db);
  await refreshDerived(db);
}

export interface MergeOptions {
  /**
   * true: the merged files replace the open workspace's data (a new city-level workspace),
   * in the same transaction; false (default): they are added to it.
   */
  replace?: boolean;
  /**
   * Units with the same unit_id but a different county, township, name or kind: 'refuse'
   * (default) throws a WorkspaceError listing them; 'keep-first' merges and keeps the
   * attributes seen first (the open workspace, then the files in order).
   */
  onUnitConflict?: 'refuse' | 'keep-first';
}

export interface MergeResult {
  /** Every dataset added, with the id it had in its file and the id it has now. */
  datasets: Array<{ file: string | null; name: string; from: string; to: string }>;
  unitsAdded: number;
  ratingsAdded: number;
  /** Counties in the merged workspace. */
  counties: string[];
  /** Conflicts found (and resolved by keep-first). */
  conflicts: UnitConflict[];
}

const describeUnit = (v: UnitVariant) =>
  `“${[v.county ?? '（未填县）', v.township, v.name].join(' ')}”（${v.from ?? '当前工作区'}）`;

/**
 * Adds the datasets of several workspaces to the open one. Every dataset gets a fresh id
 * and a fresh import order (files later in the list win where two rate the same unit and
 * period); units keep their unit_id and are added once.
 */
export async function mergeWorkspaces(db: Database, workspaces: Workspace[], options: MergeOptions = {}): Promise<MergeResult> {
  await ensureSchema(db);
  const staged: Staged[] = [];
  const map = '__ws_merge_map';
  try {
    for (const [i, ws] of workspaces.entries()) staged.push(await stage(db, ws, `m${i}`));

    // Units: one unit_id must mean the same unit everywhere.
    const replace = options.replace === true;
    const allUnits = [
      ...(replace ? [] : [`SELECT unit_id, county, township, name, kind, -1 AS src FROM units`]),
      ...staged.map((s, i) => `SELECT unit_id, county, township, name, kind, ${i} AS src FROM ${ident(s.units)}`),
    ].join(' UNION ALL ');
    const rows = await db.query<{ unit_id: string; county: string | null; township: string; name: string; kind: string; src: number }>(
      `WITH a AS (${allUnits}),
       c AS (SELECT unit_id FROM a GROUP BY unit_id
             HAVING count(DISTINCT concat_ws(chr(31), coalesce(county, chr(30)), township, name, kind)) > 1)
       SELECT unit_id, county, township, name, kind, min(src) AS src FROM a WHERE unit_id IN (SELECT unit_id FROM c)
       GROUP BY ALL ORDER BY unit_id, src`);
    const conflicts: UnitConflict[] = [];
    for (const r of rows) {
      let c = conflicts.at(-1);
      if (!c || c.unit_id !== r.unit_id) conflicts.push((c = { unit_id: String(r.unit_id), variants: [] }));
      const src = Number(r.src);
      c.variants.push({
        county: r.county == null ? null : String(r.county), township: String(r.township), name: String(r.name), kind: String(r.kind),
        from: src < 0 ? null : workspaces[src].fileName ?? `第 ${src + 1} 个工作区`,
      });
    }
    if (conflicts.length && (options.onUnitConflict ?? 'refuse') === 'refuse') {
      throw new WorkspaceError('unit-conflict',
        `有 ${conflicts.length} 个单位编码在不同工作区中对应不同的单位（所属县、乡镇、名称或类型不一致），合并后会混为一个单位`,
        '请核对这些单位的行政区划代码；确认无误后可选择“仍然合并”，以先出现的单位信息为准',
        undefined,
        conflicts.slice(0, 20).map((c) => `单位编码 ${c.unit_id}：${c.variants.map(describeUnit).join(' 与 ')}`));
    }

    // Fresh dataset ids and import order, in file order then each file's own order.
    const first = replace ? 1 : Number((await nextDatasetId(db)).slice(1));
    const added: MergeResult['datasets'] = [];
    const values: string[] = [];
    for (const [i, s] of staged.entries()) {
      const ds = await db.query<{ dataset_id: string; name: string }>(`SELECT dataset_id, name FROM ${ident(s.datasets)} ORDER BY seq`);
      for (const d of ds) {
        const to = `d${first + added.length}`;
        const [{ v }] = await db.query<{ v: number }>(`SELECT nextval('dataset_seq') AS v`);
        values.push(`(${i}, ${str(String(d.dataset_id))}, ${str(to)}, ${int(Number(v))})`);
        added.push({ file: workspaces[i].fileName ?? null, name: String(d.name), from: String(d.dataset_id), to });
      }
    }
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${map} (src INTEGER, old_id VARCHAR, new_id VARCHAR, new_seq INTEGER)`);
    if (values.length) await db.exec(`INSERT INTO ${map} VALUES ${values.join(', ')}`);

    const before = replace ? [{ u: 0, r: 0 }]
      : await db.query<{ u: number; r: number }>(`SELECT (SELECT count(*) FROM units) AS u, (SELECT count(*) FROM ratings) AS r`);
    await inTransaction(db, undefined, async () => {
      if (replace) for (const name of [...PERSISTENT_TABLES].reverse()) await db.exec(`DELETE FROM ${ident(name)}`);
      for (const [i, s] of staged.entries()) {
        const d = await castList(db, 'datasets', s.datasets, { dataset_id: 'm.new_id', seq: 'm.new_seq' });
        await db.exec(`INSERT INTO datasets (${d.columns}) SELECT ${d.select} FROM ${ident(s.datasets)} s
          JOIN ${map} m ON m.src = ${i} AND m.old_id = s.dataset_id`);
        // Everything else that belongs to a dataset (ratings, their extra columns, …) follows its new id.
        for (const name of PERSISTENT_TABLES) {
          const from = s[name];
          if (name === 'datasets' || name === 'units' || !from) continue;
          if (await hasColumn(db, name, 'dataset_id')) {
            const replace: Record<string, string> = { dataset_id: 'm.new_id' };
            if (await hasColumn(db, name, 'superseded')) replace.superseded = 'false';
            const r = await castList(db, name, from, replace);
            const join = name === 'unit_links' ? 'LEFT JOIN' : 'JOIN';
            await db.exec(`INSERT INTO ${ident(name)} (${r.columns}) SELECT ${r.select} FROM ${ident(from)} s
              ${join} ${map} m ON m.src = ${i} AND m.old_id = s.dataset_id`);
          } else {
            const r = await castList(db, name, from);
            await db.exec(`INSERT INTO ${ident(name)} (${r.columns}) SELECT ${r.select} FROM ${ident(from)} s`);
          }
        }
      }
      // Units are rebuilt from the ratings afterwards (refreshDerived); the files' unit rows
      // only serve version 1 ratings, which do not record their unit's attributes.
      const unitColumns = ['unit_id', 'county', 'township', 'name', 'kind'].map(ident).join(', ');
      const incoming = staged.map((s, i) => `SELECT ${unitColumns}, ${i} AS src FROM ${ident(s.units)}`).join(' UNION ALL ');
      await db.exec(`INSERT INTO units (${unitColumns}) SELECT unit_id, first(county ORDER BY src), first(township ORDER BY src),
          first(name ORDER BY src), first(kind ORDER BY src)
        FROM (${incoming}) WHERE unit_id NOT IN (SELECT unit_id FROM units) GROUP BY unit_id`);
      await fillRecorded(db);
    });
    // Replaced data is gone for good, like after opening a file.
    if (replace) await purgeTrash(db);
    await refreshDerived(db);
    const after = await db.query<{ u: number; r: number }>(`SELECT (SELECT count(*) FROM units) AS u, (SELECT count(*) FROM ratings) AS r`);
    const counties = await db.query<{ county: string }>(
      `SELECT DISTINCT county FROM units WHERE county IS NOT NULL AND unit_id IN (SELECT unit_id FROM ratings) ORDER BY county`);
    return {
      datasets: added,
      unitsAdded: Number(after[0].u) - Number(before[0].u),
      ratingsAdded: Number(after[0].r) - Number(before[0].r),
      counties: counties.map((c) => String(c.county)),
      conflicts,
    };
  } finally {
    for (const s of staged) await dropStaged(db, s);
    await db.exec(`DROP TABLE IF EXISTS ${map}`);
  }
}
