/**
 * The import dialog: runs the pipeline in a worker with progress and cancel, shows what
 * was inferred (period and where it came from, header row, column mapping) and every
 * problem, lets the user correct period, encoding and mapping, then commits.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { problemsCsv, rejectedRowsCsv } from '../../../shared/import/report-csv.ts';
import type { PeriodConflict } from '../../../shared/datasets.ts';
import { SUPPORTED_ENCODINGS } from '../../../shared/import/decode.ts';
import { headerSignature } from '../../../shared/import/interpret.ts';
import type { ImportInput, ImportOptions, ImportStage, RejectedRow } from '../../../shared/import/run.ts';
import type { CountySource, FieldId, ImportReport, PeriodSource, Problem, SheetReport } from '../../../shared/import/types.ts';
import { canonicalIds, realCounties, suggestionsFor, type LinkSuggestion, type UnitHistory } from '../../../shared/identity/index.ts';
import { parsePeriodKey, periodKey, periodLabel } from '../../../shared/period.ts';
import { STARS } from '../../../shared/stars.ts';
import { ProgressBar } from '../components/States.tsx';
import { useCoordinator } from '../data/context.ts';
import { commitImport, conflictsFor, type ConflictChoice } from './commit.ts';
import { loadMappings, loadScoreRules, saveMapping, saveScoreRules } from './mappings.ts';
import { ImportCancelled, startImport } from './run-import.ts';
import { downloadText } from './download.ts';

type Previewed = {
  report: ImportReport; csv: string; rows: number; rejectedRows: RejectedRow[]; links: LinkSuggestion[]; histories: UnitHistory[];
};
type Phase =
  | { phase: 'running'; stage: ImportStage | null; cancel: () => void }
  | ({ phase: 'preview' } & Previewed)
  | ({ phase: 'conflict'; conflicts: PeriodConflict[] } & Previewed)
  | { phase: 'committing' }
  | { phase: 'failed'; message: string };

const COUNTY_SOURCE_LABEL: Record<CountySource, string> = {
  column: '表中的县（市、区）列', title: '标题行', sheet: '工作表名称', file: '文件名',
  import: '未注明，按同批其他文件', workspace: '未注明，按工作区已有数据', user: '手动指定',
};

/** How many units the import holds once the checked links join some of its ids. */
function unitsAfterLinks(histories: readonly UnitHistory[], accepted: readonly LinkSuggestion[]): number {
  const canonical = canonicalIds(accepted);
  return new Set(histories.map((h) => canonical.get(h.id) ?? h.id)).size;
}

/** A suggestion's identity in the dialog's accepted set. */
const linkKey = (l: LinkSuggestion) => `${l.from}\u0000${l.to}`;

const SOURCE_LABEL: Record<PeriodSource, string> = {
  column: '表中的年度/季度列', sheet: '工作表名称', title: '标题行', file: '文件名', user: '手动指定',
};

export const FIELD_LABELS: Record<FieldId, string> = {
  unit_code: '行政区划代码', county: '县（市、区）', township: '乡镇（街道）', name: '村（社区）名称', kind: '类型（村/社区）',
  year: '年度', quarter: '季度', period: '期次',
  ...(Object.fromEntries(STARS.map((s) => [s.id, s.name])) as Record<(typeof STARS)[number]['id'], string>),
  level: '星级', target_level: '创建目标', weak_branch: '软弱涣散', collective_income: '村集体经济收入（万元）', score: '观摩评比得分',
  rank: '排名', award: '奖项', guide: '摘星人/指导员', remark: '备注', ignore: '忽略（不导入）',
};

const MAX_PROBLEMS_SHOWN = 200;

export function ImportDialog({ inputs, onClose }: { inputs: ImportInput[]; onClose: () => void }) {
  const coordinator = useCoordinator();
  // null until the workspace's counties are known: a file naming no county takes the one county of the workspace.
  const [options, setOptions] = useState<ImportOptions | null>(null);
  const [phase, setPhase] = useState<Phase>({ phase: 'running', stage: null, cancel: () => {} });
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const name = inputs.map((i) => i.name).join('、');

  useEffect(() => {
    let live = true;
    realCounties(coordinator.db).then(
      (knownCounties) => live && setOptions({ mappings: loadMappings(), scoreRules: loadScoreRules(), knownCounties }),
      () => live && setOptions({ mappings: loadMappings(), scoreRules: loadScoreRules() }),
    );
    return () => {
      live = false;
    };
  }, [coordinator]);

  useEffect(() => {
    if (!options) return;
    const job = startImport(inputs, options, (stage) => setPhase((p) => (p.phase === 'running' ? { ...p, stage } : p)));
    setPhase({ phase: 'running', stage: null, cancel: job.cancel });
    job.result
      .then(async (r) => {
        const { histories } = r;
        // Units that are probably the same as one already in the workspace or in another file of this import.
        const links = await suggestionsFor(coordinator.db, histories).catch(() => []);
        setAccepted(new Set(links.filter((l) => l.confidence !== 'weak').map(linkKey)));
        setPhase({ phase: 'preview', ...r, links });
      })
      .catch((e: Error) => (e instanceof ImportCancelled ? onClose() : setPhase({ phase: 'failed', message: e.message })));
    return () => job.cancel();
    // Re-run whenever the user corrects period, encoding, county or mapping.
  }, [inputs, options]); // eslint-disable-line react-hooks/exhaustive-deps

  async function commit(choice: ConflictChoice | null) {
    if (phase.phase !== 'preview' && phase.phase !== 'conflict') return;
    const { report, csv } = phase;
    if (choice == null) {
      const conflicts = await conflictsFor(coordinator, report.periods);
      if (conflicts.length > 0) {
        setPhase({ ...phase, phase: 'conflict', conflicts });
        return;
      }
    }
    setPhase({ phase: 'committing' });
    try {
      await commitImport(coordinator, name, csv, report.periods, choice ?? 'keep-both', {
        links: phase.links.filter((l) => accepted.has(linkKey(l))),
      });
      onClose();
    } catch (e) {
      setPhase({ phase: 'failed', message: `写入数据时出错：${(e as Error).message}` });
    }
  }

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-label="导入台账" data-testid="import-dialog">
        <header className="modal-head">
          <h2>导入台账</h2>
          <span className="muted small" title={name}>{name}</span>
        </header>
        <div className="modal-body">
          {phase.phase === 'running' && <Running stage={phase.stage} />}
          {phase.phase === 'committing' && <Running stage={null} text="正在写入数据…" />}
          {phase.phase === 'failed' && <p className="error-text" role="alert">{phase.message}</p>}
          {phase.phase === 'conflict' && <ConflictNote conflicts={phase.conflicts} />}
          {(phase.phase === 'preview' || phase.phase === 'conflict') && options && (
            <>
              <Preview report={phase.report} rows={phase.rows} rejectedRows={phase.rejectedRows} options={options} setOptions={setOptions}
                units={unitsAfterLinks(phase.histories, phase.links.filter((l) => accepted.has(linkKey(l))))}>
                <LinkList links={phase.links} accepted={accepted} setAccepted={setAccepted} />
              </Preview>
            </>
          )}
        </div>
        <footer className="modal-foot">
          {phase.phase === 'running' && <button onClick={phase.cancel}>取消导入</button>}
          {phase.phase === 'failed' && <button onClick={onClose}>关闭</button>}
          {phase.phase === 'preview' && (
            <>
              <button onClick={onClose}>取消</button>
              <button className="primary" disabled={phase.rows === 0} onClick={() => commit(null)} data-testid="import-commit">
                导入 {phase.rows.toLocaleString('zh-CN')} 条
              </button>
            </>
          )}
          {phase.phase === 'conflict' && (
            <>
              <button onClick={onClose}>取消</button>
              <button onClick={() => commit('keep-both')}>保留两者</button>
              <button className="primary" onClick={() => commit('replace')} data-testid="import-replace">替换同期数据</button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}

function Running({ stage, text }: { stage: ImportStage | null; text?: string }) {
  const label = text ?? (stage == null ? '正在准备…'
    : stage.stage === 'read' ? `正在读取 ${stage.file}（${stage.index + 1}/${stage.count}）…`
    : `正在识别表头并校验 ${stage.sheets} 个工作表…`);
  const value = stage?.stage === 'read' ? stage.index / stage.count : null;
  return (
    <div className="import-running" role="status">
      <p>{label}</p>
      <ProgressBar value={value} label={label} />
    </div>
  );
}

function Preview({ report, rows, rejectedRows, options, setOptions, units, children }: {
  report: ImportReport; rows: number; rejectedRows: RejectedRow[]; options: ImportOptions; setOptions: (o: ImportOptions) => void;
  /** Units of the import once the checked links are applied. */
  units: number;
  /** Shown between the sheets and the problems (the link suggestions). */
  children?: ReactNode;
}) {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const sheets = report.files.flatMap((f) => f.sheets.map((s) => ({ file: f.file, ...s })));
  // Nothing recognised but a header-like row exists: open the column mapping straight away.
  const [mappingSheet, setMappingSheet] = useState<SheetReport | null>(
    () => (rows === 0 ? sheets.find((s) => s.skipped && s.mapping.length > 0) ?? null : null),
  );
  return (
    <>
      <div className="import-summary" data-testid="import-summary">
        <span>可导入 <b data-testid="import-accepted">{report.accepted}</b> 条</span>
        <span className={report.rejected ? 'bad' : ''}>拒绝 <b data-testid="import-rejected">{report.rejected}</b> 条</span>
        <span>警告 <b>{report.warnings}</b> 条</span>
        <span>跳过 <b>{report.skipped}</b> 行（合计、空行等）</span>
        <span>期次：{periodsText(report.periods)}</span>
        <span data-testid="import-units">{units} 个单位</span>
      </div>
      {(report.extras ?? []).length > 0 && (
        <p className="import-extras" data-testid="import-extras">
          另存扩展列：{report.extras.join('、')}
          <span className="muted small">（表中其他有内容的列，导入后可在透视中作为维度，数值列还可求和、求平均）</span>
        </p>
      )}
      <div className="import-options">
        <label>
          期次
          <select aria-label="导入期次" value={options.period ? periodKey(options.period) : ''}
            onChange={(e) => setOptions({ ...options, period: parsePeriodKey(e.target.value) ?? undefined })}>
            <option value="">自动识别</option>
            {periodChoices().map((k) => <option key={k} value={k}>{periodLabel(parsePeriodKey(k)!)}</option>)}
          </select>
        </label>
        <label>
          文本编码
          <select aria-label="文本编码" value={options.encoding ?? ''} onChange={(e) => setOptions({ ...options, encoding: e.target.value || undefined })}>
            <option value="">自动识别</option>
            {SUPPORTED_ENCODINGS.filter((enc) => enc.id !== 'auto').map((enc) => <option key={enc.id} value={enc.id}>{enc.label}</option>)}
          </select>
        </label>
      </div>
      <FileCounties report={report} options={options} setOptions={setOptions} />
      <ScoreRuleSetting sheets={sheets} options={options} setOptions={setOptions} />
      <table className="mini-table sheets" data-testid="import-sheets">
        <thead><tr><th>文件 / 工作表</th><th>期次（来源）</th><th>表头行</th><th>数据行</th><th>列识别</th><th /></tr></thead>
        <tbody>
          {sheets.map((s) => (
            <tr key={`${s.file}/${s.name}`} className={s.skipped ? 'muted' : ''}>
              <td>{s.file} / {s.name}{s.skipped && '（已跳过）'}</td>
              <td>{s.period_source === 'column' ? '按表中的年度/季度列' : s.period ? `${periodLabel(parsePeriodKey(s.period)!)}（${SOURCE_LABEL[s.period_source!]}）` : '未识别'}</td>
              <td>{s.header_row ?? '—'}</td>
              <td>{s.rows_read}</td>
              <td className="mapping-cell">
                {s.mapping.filter((m) => m.field && m.field !== 'ignore').length}/{s.mapping.length} 列
                {s.mapping.some((m) => m.score) && (
                  <span data-testid="import-score-columns" title={s.mapping.filter((m) => m.score).map((m) => `${m.column} → ${fieldLabel(m)}`).join('\n')}>
                    ，其中 {s.mapping.filter((m) => m.score).length} 列为各星得分（{s.mapping.filter((m) => m.score).map(fieldLabel).join('、')}）
                  </span>
                )}
                {s.extras?.length ? `，另存 ${s.extras.length} 列` : ''}
              </td>
              <td>{s.mapping.length > 0 && <button className="link" onClick={() => setMappingSheet(s)}>调整列对应</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mappingSheet && (
        <MappingEditor sheet={mappingSheet} onCancel={() => setMappingSheet(null)} onApply={(fields) => {
          const signature = headerSignature(mappingSheet.mapping.map((m) => m.column));
          saveMapping(signature, fields);
          setMappingSheet(null);
          setOptions({ ...options, mappings: { ...options.mappings, [signature]: fields } });
        }} />
      )}
      {children}
      <Problems problems={report.problems} errors={errors.length} rejectedRows={rejectedRows} />
      {rows === 0 && <p className="error-text">没有可导入的记录。请按上面的问题修改文件，或调整期次、编码和列对应后重试。</p>}
    </>
  );
}

/** A few periods are listed; a long run is shown as its range. */
function periodsText(keys: string[]): string {
  const labels = keys.map((k) => periodLabel(parsePeriodKey(k)!));
  if (labels.length === 0) return '未识别';
  return labels.length <= 4 ? labels.join('、') : `${labels[0]} 至 ${labels.at(-1)}（共 ${labels.length} 期）`;
}

function periodChoices(): string[] {
  const year = new Date().getFullYear();
  const out: string[] = [];
  for (let y = year + 1; y >= year - 6; y--) for (let q = 4; q >= 1; q--) out.push(periodKey({ year: y, quarter: q }));
  return out;
}

function MappingEditor({ sheet, onApply, onCancel }: { sheet: SheetReport; onApply: (f: Array<FieldId | null>) => void; onCancel: () => void }) {
  const [fields, setFields] = useState<Array<FieldId | null>>(sheet.mapping.map((m) => m.field));
  return (
    <div className="mapping-editor" data-testid="mapping-editor">
      <h3>列对应：{sheet.name}</h3>
      <p className="muted small">为每一列选择它代表的内容；不对应任何字段的列另存为扩展列（可在透视中使用），不需要的列选“忽略（不导入）”。下次导入表头相同的文件时会自动套用。</p>
      <div className="mapping-grid">
        {sheet.mapping.map((m, i) => (
          <label key={i}>
            <span className="mapping-col" title={m.column}>{m.column || `第${i + 1}列`}</span>
            <select aria-label={`列“${m.column}”对应`} value={fields[i] ?? ''}
              onChange={(e) => setFields(fields.map((f, j) => (j === i ? ((e.target.value || null) as FieldId | null) : f)))}>
              <option value="">不对应字段（另存为扩展列）</option>
              {/* A star's score column keeps its star: the numbers make it a score again on re-reading. */}
              {(Object.keys(FIELD_LABELS) as FieldId[]).map((f) => (
                <option key={f} value={f}>{m.score && f === m.field ? fieldLabel(m) : FIELD_LABELS[f]}</option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="mapping-actions">
        <button onClick={onCancel}>取消</button>
        <button className="primary" onClick={() => onApply(fields)}>应用并重新识别</button>
      </div>
    </div>
  );
}

function Problems({ problems, errors, rejectedRows }: { problems: Problem[]; errors: number; rejectedRows: RejectedRow[] }) {
  const shown = useMemo(() => problems.slice(0, MAX_PROBLEMS_SHOWN), [problems]);
  if (problems.length === 0) return <p className="ok-text">没有发现问题。</p>;
  return (
    <div className="problems">
      <div className="problems-head">
        <h3>发现 {problems.length} 个问题（{errors} 个错误，对应行不会导入）</h3>
        <span className="problem-actions">
          {rejectedRows.length > 0 && (
            <button onClick={() => downloadText('被拒绝的行.csv', rejectedRowsCsv(rejectedRows), 'text/csv')}>导出被拒绝的行（CSV）</button>
          )}
          <button onClick={() => downloadText('导入问题清单.csv', problemsCsv(problems), 'text/csv')}>导出问题清单（CSV）</button>
        </span>
      </div>
      <table className="mini-table problem-table" data-testid="import-problems">
        <thead><tr><th>级别</th><th>位置</th><th>值</th><th>说明</th></tr></thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={i} className={p.severity === 'error' ? 'bad' : ''}>
              <td>{p.severity === 'error' ? '错误' : '警告'}</td>
              <td>{[p.file, p.sheet, p.row != null ? `第${p.row}行` : null, p.column].filter(Boolean).join(' / ')}</td>
              <td className="value-cell">{p.value ?? ''}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > shown.length && <p className="muted small">只显示前 {MAX_PROBLEMS_SHOWN} 个；完整清单请导出 CSV。</p>}
    </div>
  );
}

function ConflictNote({ conflicts }: { conflicts: PeriodConflict[] }) {
  return (
    <div className="conflict conflict-top" role="alert" data-testid="import-conflict">
      <h3>这些期次已有数据</h3>
      <ul>
        {conflicts.map((c) => (
          <li key={c.dataset_id}>“{c.name}”已有 {c.periods.map((k) => periodLabel(parsePeriodKey(k)!)).join('、')} 的 {c.rows} 条记录</li>
        ))}
      </ul>
      <p className="muted small">
        替换：同期旧数据移出统计（可用 Ctrl+Z 撤销）；保留两者：两份数据都保留在工作区，统计时同一单位同一期次以本次导入为准。
      </p>
    </div>
  );
}

/** A mapped column as the dialog names it: a star's score column is "支部过硬星（得分）". */
function fieldLabel(m: SheetReport['mapping'][number]): string {
  if (!m.field) return '';
  return m.score ? `${FIELD_LABELS[m.field]}（得分）` : FIELD_LABELS[m.field];
}

/**
 * Sheets with star scores: "按得分判定星级：满分 [100]，达到 [80] 分即获星". The two numbers
 * become the import's rule (and the rule of each such sheet's header layout, beside its column
 * mapping); the preview is read again when either changes and both are valid.
 */
function ScoreRuleSetting({ sheets, options, setOptions }: {
  sheets: Array<SheetReport & { file: string }>; options: ImportOptions; setOptions: (o: ImportOptions) => void;
}) {
  const scored = sheets.filter((s) => s.score_rule !== undefined);
  const shown = scored.map((s) => s.score_rule).find((r) => r != null && r !== 'mixed');
  const rule = typeof shown === 'object' ? shown : null;
  const unknown = scored.some((s) => s.score_rule === null);
  const initial = {
    max: String(options.scoreRule?.max ?? rule?.max ?? (unknown ? '' : 100)),
    threshold: String(options.scoreRule?.threshold ?? rule?.threshold ?? (unknown ? '' : 80)),
  };
  const [max, setMax] = useState(initial.max);
  const [threshold, setThreshold] = useState(initial.threshold);
  if (scored.length === 0) return null;
  const m = Number(max);
  const t = Number(threshold);
  const valid = max.trim() !== '' && threshold.trim() !== '' && m > 0 && t > 0 && t <= m;
  const apply = () => {
    const current = options.scoreRule ?? { max: Number(initial.max), threshold: Number(initial.threshold) };
    if (!valid || (m === current.max && t === current.threshold)) return;
    const next = { max: m, threshold: t, inclusive: true };
    const bySignature = { ...(options.scoreRules ?? {}) };
    for (const s of scored) bySignature[headerSignature(s.mapping.map((c) => c.column))] = next;
    // Remembered for the next file of the same layout (and saved with the workspace).
    saveScoreRules(Object.fromEntries(scored.map((s) => [headerSignature(s.mapping.map((c) => c.column)), next])));
    setOptions({ ...options, scoreRule: next, scoreRules: bySignature });
  };
  const onKey = (e: { key: string }) => e.key === 'Enter' && apply();
  return (
    <div className="import-options score-rule" data-testid="import-score-rule">
      <span>按得分判定星级：</span>
      <label>
        满分
        <input type="number" min={1} step="any" aria-label="得分满分" value={max} style={{ width: '5em' }}
          onChange={(e) => setMax(e.target.value)} onBlur={apply} onKeyDown={onKey} />
      </label>
      <label>
        ，达到
        <input type="number" min={0} step="any" aria-label="获星分数" value={threshold} style={{ width: '5em' }}
          onChange={(e) => setThreshold(e.target.value)} onBlur={apply} onKeyDown={onKey} />
        分即获星
      </label>
      {!valid && <span className="error-text small">请填写大于0的满分和获星分数，获星分数不能高于满分。</span>}
      {valid && unknown && options.scoreRule == null && <span className="error-text small">有的表得分超过100分且未写明满分，请确认满分和获星分数后按回车。</span>}
      {scored.some((s) => s.score_rule === 'mixed') && options.scoreRule == null && (
        <span className="muted small">（各列满分不同时按各列表头的满分；在此填写后所有得分列按同一规则）</span>
      )}
    </div>
  );
}

/** Each file's county and where it came from, correctable per file. */
function FileCounties({ report, options, setOptions }: { report: ImportReport; options: ImportOptions; setOptions: (o: ImportOptions) => void }) {
  const files = report.files.filter((f) => f.sheets.some((s) => !s.skipped));
  if (files.length === 0) return null;
  const set = (file: string, value: string) => {
    const next = { ...(options.countyByFile ?? {}) };
    if (value.trim()) next[file] = value.trim();
    else delete next[file];
    setOptions({ ...options, countyByFile: next });
  };
  return (
    <table className="mini-table file-counties" data-testid="import-counties">
      <thead><tr><th>文件</th><th>县（市、区）</th><th>来源</th></tr></thead>
      <tbody>
        {files.map((f) => {
          const assumed = f.county_source === 'import' || f.county_source === 'workspace';
          return (
            <tr key={f.file} className={assumed || !f.county ? 'warn' : ''}>
              <td>{f.file}</td>
              <td>
                <input
                  aria-label={`“${f.file}”的县（市、区）`}
                  defaultValue={f.county}
                  placeholder="未注明"
                  key={`${f.file}:${f.county}`}
                  onBlur={(e) => e.target.value.trim() !== f.county && set(f.file, e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                />
              </td>
              <td data-testid="county-source">
                {f.county_source == null ? '未注明县（市、区）' : assumed ? `未注明县（市、区），按 ${f.county} 导入` : COUNTY_SOURCE_LABEL[f.county_source]}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const CONFIDENCE_LABEL = { auto: '自动', strong: '很可能', weak: '可能' } as const;

/** 以下单位可能是同一单位: the link suggestions, checked ones are linked on import. */
function LinkList({ links, accepted, setAccepted }: {
  links: LinkSuggestion[]; accepted: Set<string>; setAccepted: (s: Set<string>) => void;
}) {
  if (links.length === 0) return null;
  const toggle = (keys: string[], on: boolean) => {
    const next = new Set(accepted);
    for (const k of keys) (on ? next.add(k) : next.delete(k));
    setAccepted(next);
  };
  const auto = links.filter((l) => l.confidence === 'auto');
  const asked = links.filter((l) => l.confidence !== 'auto');
  const unit = (u: LinkSuggestion['fromUnit']) =>
    `${u.township} ${u.name}（${u.first === u.last ? periodLabel(parsePeriodKey(u.first)!) : `${u.first}–${u.last}`}）`;
  return (
    <div className="link-suggestions" data-testid="import-links">
      <h3>以下单位可能是同一单位</h3>
      <p className="muted small">勾选的将按同一单位统计，历史记录连续；导入后可在“数据”页的“单位关联”中拆分，或按 Ctrl+Z 撤销整个导入。</p>
      {asked.length > 0 && (
        <table className="mini-table">
          <thead><tr>
            <th><input type="checkbox" aria-label="全选" checked={asked.every((l) => accepted.has(linkKey(l)))}
              onChange={(e) => toggle(asked.map(linkKey), e.target.checked)} /></th>
            <th>原单位</th><th /><th>现单位</th><th>依据</th><th>把握</th>
          </tr></thead>
          <tbody>
            {asked.map((l) => (
              <tr key={linkKey(l)} data-testid="link-row">
                <td><input type="checkbox" aria-label={`${l.fromUnit.name} 与 ${l.toUnit.name} 是同一单位`} checked={accepted.has(linkKey(l))}
                  onChange={(e) => toggle([linkKey(l)], e.target.checked)} /></td>
                <td>{unit(l.fromUnit)}</td>
                <td>→</td>
                <td>{unit(l.toUnit)}</td>
                <td>{l.reason}</td>
                <td>{CONFIDENCE_LABEL[l.confidence]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {auto.length > 0 && (
        <label className="small">
          <input type="checkbox" checked={auto.every((l) => accepted.has(linkKey(l)))} onChange={(e) => toggle(auto.map(linkKey), e.target.checked)} />
          另有 {auto.length} 个同乡镇同名单位自动按同一单位统计（一份文件有行政区划代码或县名，另一份没有）
        </label>
      )}
    </div>
  );
}
