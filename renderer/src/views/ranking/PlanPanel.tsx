/**
 * 规划完成 (issue #17): the 创建规划 of the selected period's year against what each township
 * holds in the period — 规划五星 / 已创成, 规划四星 / 已创成, 三星以上占比 目标 / 实际, 达到 or
 * 未达到 — in the plan's own order of townships, the county last. The plan is imported here
 * from a plan sheet (导入创建规划) and kept in the workspace ('plans' part, Ctrl+Z undoes).
 */
import { useMemo, useRef, useState } from 'react';
import { planAttainment, planForYear } from '../../../../shared/plans/attainment.ts';
import { attainmentCells, attainmentColumns, attainmentNote, planFilter } from '../../../../shared/plans/briefing.ts';
import type { Plan } from '../../../../shared/plans/sheet.ts';
import { formatCell } from '../../../../shared/briefing/tables.ts';
import { periodLabel, type Period } from '../../../../shared/period.ts';
import { resolveLevelSummary } from '../../../../shared/views/overview.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { notify } from '../../state/toast.ts';
import { putPlan, removePlan, usePlans } from '../../state/plans-store.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import { PanelHead } from './parts.tsx';
import { PlanEditor } from './PlanEditor.tsx';

/** Reads a plan sheet (.xlsx or CSV) on the main thread: plan sheets are small. */
async function readPlanFile(file: File): Promise<Plan> {
  const [{ readImportFile }, { readPlan }] = await Promise.all([
    import('../../../../shared/import/read.ts'),
    import('../../../../shared/plans/sheet.ts'),
  ]);
  const sheets = await readImportFile(file.name, new Uint8Array(await file.arrayBuffer()));
  return readPlan(sheets);
}

export function PlanPanel({ period, filter, onPick }: { period: Period; filter: Filter; onPick: (township: string) => void }) {
  const { plans } = usePlans();
  const plan = planForYear(plans, period.year);
  const countyKey = (filter.counties ?? []).join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const q = useMemo(() => resolveLevelSummary(period, 'township', planFilter(filter)), [period.year, period.quarter, countyKey]);
  const { data, error, slow } = useAnalysis(plan ? q : null);
  const attainment = useMemo(() => (plan && data ? planAttainment(plan, data) : null), [plan, data]);
  const input = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setImportError(null);
    try {
      const read = await readPlanFile(file);
      const year = read.year ?? period.year;
      const replaced = plans.some((p) => p.year === year) ? '，替换了原有的规划' : '';
      putPlan({ ...read, year }, `导入${year}年创建规划`);
      notify(read.year == null
        ? `“${file.name}”未注明年度，已按${year}年创建规划导入（${read.townships.length}个乡镇${replaced}），按 Ctrl+Z 撤销`
        : `已导入${year}年创建规划（${read.townships.length}个乡镇${replaced}），按 Ctrl+Z 撤销`);
    } catch (e) {
      setImportError(e instanceof Error ? e.message : String(e));
    }
  };

  let body;
  if (!plan) {
    const others = plans.map((p) => `${p.year}年`).join('、');
    body = (
      <EmptyState title={`还没有${period.year}年创建规划`}>
        <p>点击“手工录入”逐个乡镇填写，或点击“导入创建规划”，选择各乡镇的创建规划表（Excel 或 CSV）：一行一个乡镇（街道），列为“规划五星”“规划四星”“规划三星”“三星以上占比目标”
          （可写 1个、30%、0.3 或 30）；“合计”或“全县”行是全县规划，没有时按各乡镇之和。表头或文件名中的年份即规划年度。</p>
        {others && <p className="muted small">工作区中已有{others}的创建规划。</p>}
      </EmptyState>
    );
  } else if (error) body = <ErrorState title="规划完成情况查询失败" error={error} />;
  else if (!attainment) body = slow ? <Spinner text="正在对照创建规划…" /> : <div className="grid-placeholder" />;
  else {
    const columns = attainmentColumns(attainment);
    const row = (cells: ReturnType<typeof attainmentCells>) => cells.map((c, i) => {
      const fmt = columns[i].format;
      const cls = fmt === 'text' ? (i === 0 ? 'text name' : c === '未达到' ? 'text warn' : 'text') : 'num';
      return <td key={i} className={cls}>{formatCell(c, fmt)}</td>;
    });
    body = (
      <>
        <table className="rk-table compact" data-testid="plan-table">
          <thead><tr>{columns.map((c, i) => <th key={i} className={c.format === 'text' ? 'text' : 'num'}>{c.header}</th>)}</tr></thead>
          <tbody>
            {attainment.townships.map((r) => (
              <tr key={r.township} className={filter.townships.includes(r.township) ? 'clickable active' : 'clickable'}
                onClick={() => onPick(r.township)} title={`点击筛选${r.township}`} data-testid="plan-row">
                {row(attainmentCells(attainment, r))}
              </tr>
            ))}
          </tbody>
          <tfoot><tr data-testid="plan-total">{row(attainmentCells(attainment, attainment.county))}</tr></tfoot>
        </table>
        <p className="muted small list-note" data-testid="plan-note">{attainmentNote(attainment)}</p>
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="rk-plan-title" data-testid="plan-panel">
      <PanelHead id="rk-plan-title" title="规划完成">
        <span className="muted small">{periodLabel(period)} · 对照{period.year}年创建规划</span>
        <input ref={input} type="file" accept=".xlsx,.xlsm,.csv,.tsv,.txt" hidden data-testid="plan-input"
          onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
        <button type="button" onClick={() => input.current?.click()} data-testid="plan-import">导入创建规划</button>
        <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing} data-testid="plan-edit">{plan ? '修改规划' : '手工录入'}</button>
        {plan && <button type="button" onClick={() => { removePlan(period.year); notify(`已删除${period.year}年创建规划，按 Ctrl+Z 撤销`); }}
          data-testid="plan-remove">删除规划</button>}
        <AddToBriefing spec={{ kind: 'planAttainment' }} testId="add-plan" />
      </PanelHead>
      {importError && <p className="warn-text" role="alert" data-testid="plan-error">无法导入创建规划：{importError}</p>}
      {editing ? <PlanEditor key={`${period.year}`} year={period.year} plan={plan} onClose={() => setEditing(false)} /> : body}
    </section>
  );
}
