/**
 * 简报: compose a briefing from what the views show. Items keep their view's configuration
 * and filter and re-render from the data; captions, order and the narrative are the user's.
 * The page itself is the document: on screen a sheet of A4 with editing tools, in print
 * (briefing.css) an official-document layout — title, issuing unit and date, sections
 * 一、二、三、, page numbers, tables whose rows never split. Exports: PDF (the desktop
 * shell's printToPDF, the browser's print in the web build), Excel (one sheet per table)
 * and each chart as PNG. Every export records its 期号 for the year (store.ts recordIssued), so the
 * side panel can offer the next one; the 版记 (报/送/发, 共印N份) ends the page and the Word file.
 */
import { scopeLabel } from '../../../shared/filter.ts';
import { isPlaceholderUnit, issuingUnit } from '../../../shared/scope.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  briefingDistribution, chineseDate, chineseNumber, issueNumber, issueSuggestion, itemFilter, type Briefing, type BriefingItem,
} from '../../../shared/briefing/model.ts';
import {
  copiesNumber, copiesText, DISTRIBUTION_LABELS, DISTRIBUTION_LINES, distributionLines, distributionText, MAX_COPIES, MAX_DISTRIBUTION_TEXT,
  type BriefingDistribution,
} from '../../../shared/briefing/distribution.ts';
import { autoTitle, itemTables } from '../../../shared/briefing/tables.ts';
import { briefingToXlsx, type ExcelJSModule } from '../../../shared/briefing/workbook.ts';
import type { Filter } from '../../../shared/filter.ts';
import { periodLabel } from '../../../shared/period.ts';
import { useCoordinator } from '../data/context.ts';
import { FILE_TYPES, isDesktop, saveBytes } from '../platform/files.ts';
import { useFilter } from '../state/filter-store.ts';
import { notify } from '../state/toast.ts';
import { undoLastChange, undoStore } from '../state/undo.ts';
import { fileStem, preparePrintImages, requestRefresh, runnerOf } from './briefing/figures.tsx';
import { ItemContent } from './briefing/ItemContent.tsx';
import { AutoHeight, NarrativeSection } from './briefing/Narrative.tsx';
import {
  applyIssueSuggestion, briefingStore, clearRemoved, moveItemTo, recordIssued, removedStore, removeItem, undoRemove, updateDistribution,
  updateItem, useBriefing,
} from './briefing/store.ts';
import { onBriefingPdfRequest, takeBriefingPdfRequest } from './briefing/pdf-request.ts';
import { collectCharts, narrativeText } from './briefing/docx-request.ts';
import './briefing/briefing.css';
import './briefing/distribution.css';

type Target = 'overview' | 'pivot' | 'trends' | 'compare' | 'ranking';

const KIND_LABELS: Record<BriefingItem['spec']['kind'], string> = {
  overview: '总览', pivot: '透视', trend: '趋势', ranking: '排名', boards: '红黑榜',
  townshipCompare: '乡镇对比', unitCompare: '村（社区）对比', yearOverYear: '年度对比', nearStar: '冲星名单', judge: '观摩评比', judgeHistory: '历次评比名次',
  planAttainment: '规划完成', weakConversion: '软弱涣散',
};

function filterText(f: Filter, loaded: string[]): string {
  const where = scopeLabel(f, loaded);
  return `${f.period ? periodLabel(f.period) : '无期次'} · ${where}${f.kind ? (f.kind === 'village' ? ' · 仅村' : ' · 仅社区') : ''}`;
}

function titleOf(item: BriefingItem, filter: Filter, loaded: string[]): string {
  return item.title.trim() || autoTitle(item.spec, filter, loaded);
}

/** Waits until no part of the document is still computing (at most a few seconds). */
async function settled(timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (document.querySelector('.bf-doc .state-loading') && Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function BriefingView({ onNavigate }: { onNavigate?: (screen: Target) => void }) {
  const briefing = useBriefing();
  const filter = useFilter();
  const loaded = useLoadedCounties();
  // Until the user writes one, the issuing unit follows the data: 中共河口县委组织部.
  const unit = isPlaceholderUnit(briefing.unit) ? issuingUnit(loaded) : briefing.unit;
  // 报/送/发 and 共印N份: the user's, else the defaults.
  const distribution = briefingDistribution(briefing);
  const coordinator = useCoordinator();
  const removed = useSyncExternalStore(removedStore.subscribe, removedStore.get);
  const [refresh, setRefresh] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);

  // Ctrl+Z on this screen puts back the last removed item (before the dataset undo sees it);
  // inside a text field it stays the field's own undo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.key.toLowerCase() !== 'z') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
      if (removedStore.get().length === 0) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const back = undoRemove();
      if (back) notify(`已恢复“${back.label}”`);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // Leaving the screen forgets the removals (Ctrl+Z elsewhere is the dataset undo).
  useEffect(() => () => clearRemoved(), []);

  // 导出简报PDF from the desktop menu: on arrival here, or at once if already here.
  useEffect(() => {
    const run = () => { if (takeBriefingPdfRequest()) void exportPdf(); };
    run();
    return onBriefingPdfRequest(run);
  });

  const doRefresh = () => {
    setRefresh((n) => n + 1);
    requestRefresh();
    notify('已按当前数据刷新简报');
  };

  const toCurrentPeriod = () => {
    if (!filter.period) return;
    briefingStore.set({ items: briefing.items.map((it) => ({ ...it, filter: { ...it.filter, period: { ...filter.period! } } })) });
    notify(`已把各部分的期次改为${periodLabel(filter.period)}`);
  };

  const exportPdf = async () => {
    setBusy('pdf');
    const title = document.title;
    try {
      await settled();
      await preparePrintImages();
      const name = `${fileStem(briefing.title)}-${briefing.date}.pdf`;
      const api = window.xingtu;
      if (isDesktop() && typeof api?.printToPdf === 'function') {
        const saved = await api.printToPdf({ suggestedName: name });
        if (saved) {
          recordIssued();
          notify(`已导出 ${saved.name}`);
        }
      } else {
        // The browser's print dialog: choose 另存为 PDF (A4, the page's own margins). Whether it
        // was saved or cancelled is not told: printing counts as issued.
        document.title = name.replace(/\.pdf$/, '');
        window.print();
        recordIssued();
      }
    } catch (e) {
      notify(`导出PDF失败：${(e as Error).message}`, 'error');
    } finally {
      document.title = title;
      setBusy(null);
    }
  };

  const exportXlsx = async () => {
    setBusy('xlsx');
    try {
      const run = runnerOf(coordinator);
      const tables = (await Promise.all(briefing.items.map((it) => {
        const f = itemFilter(it, filter);
        return itemTables(run, it.spec, f, titleOf(it, f, loaded), loaded);
      }))).flat();
      const mod = (await import('exceljs')) as unknown as { default?: ExcelJSModule } & ExcelJSModule;
      const narrative = await narrativeText(briefing, run, filter, loaded);
      const bytes = await briefingToXlsx(tables, mod.default ?? mod, { title: briefing.title, unit, date: briefing.date, narrative });
      const saved = await saveBytes(`${fileStem(briefing.title)}-${briefing.date}.xlsx`, bytes, FILE_TYPES.xlsx);
      if (saved) {
        recordIssued();
        notify(`已导出 ${saved.name}（${tables.length}张表）`);
      }
    } catch (e) {
      notify(`导出Excel失败：${(e as Error).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  const exportDocx = async () => {
    setBusy('docx');
    try {
      await settled();
      const run = runnerOf(coordinator);
      const charts = await collectCharts(briefing.items);
      // The docx package is loaded only when asked for (its own chunk).
      const { briefingToDocx, docxSections } = await import('../../../shared/briefing/docx.ts');
      const [sections, narrative] = await Promise.all([
        docxSections(run, briefing.items, filter, loaded, charts),
        narrativeText(briefing, run, filter, loaded),
      ]);
      const bytes = await briefingToDocx({
        name: briefing.title, issue: briefing.issueNo, unit, date: briefing.date, narrative, sections,
        distribution, copies: distribution.copies,
      });
      const saved = await saveBytes(`${fileStem(briefing.title)}-${briefing.date}.docx`, bytes, FILE_TYPES.docx);
      if (saved) {
        recordIssued();
        notify(`已导出 ${saved.name}`);
      }
    } catch (e) {
      notify(`导出Word失败：${(e as Error).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  const lastRemoved = removed.at(-1);
  return (
    <div className="briefing-view" data-testid="briefing">
      <div className="bf-paper-wrap">
        <article className="bf-doc" data-testid="briefing-doc" aria-label="简报">
          <header className="bf-head">
            <h1 className="bf-title" data-testid="briefing-title">{briefing.title}</h1>
            <div className="bf-issue" data-testid="briefing-issue">第{briefing.issueNo}期</div>
            <div className="bf-meta"><span data-testid="briefing-unit">{unit}</span><span>{chineseDate(briefing.date)}</span></div>
            <div className="bf-rule" />
          </header>
          <NarrativeSection narrative={briefing.narrative} filter={filter} refresh={refresh} />
          {briefing.items.map((it, i) => (
            <ItemSection key={it.id} item={it} index={i} count={briefing.items.length} current={filter} />
          ))}
          {briefing.items.length === 0 && <EmptyItems onNavigate={onNavigate} />}
          <EndBlock distribution={distribution} />
        </article>
      </div>

      <aside className="bf-side no-print" aria-label="简报设置" data-testid="briefing-side">
        <div className="bf-side-block">
          <label className="bf-field">标题
            <input aria-label="简报标题" value={briefing.title} onChange={(e) => briefingStore.set({ title: e.target.value })} />
          </label>
          <label className="bf-field">发文单位
            <input aria-label="发文单位" value={unit} onChange={(e) => briefingStore.set({ unit: e.target.value })} />
          </label>
          <label className="bf-field">期号
            <input type="number" min={1} max={9999} step={1} aria-label="简报期号" value={briefing.issueNo}
              onChange={(e) => { const n = issueNumber(e.target.value); if (n != null) briefingStore.set({ issueNo: n }); }} />
          </label>
          <IssueHint briefing={briefing} />
          <label className="bf-field">日期
            <input type="date" aria-label="成文日期" value={briefing.date}
              onChange={(e) => e.target.value && briefingStore.set({ date: e.target.value })} />
          </label>
        </div>
        <DistributionSettings distribution={distribution} />
        <div className="bf-side-block bf-actions">
          <button className="primary" data-testid="briefing-export-pdf" disabled={busy != null} onClick={() => void exportPdf()}
            title={isDesktop() ? '导出为 A4 PDF' : '打开浏览器打印，选择“另存为 PDF”'}>{busy === 'pdf' ? '正在准备…' : '导出PDF'}</button>
          <button data-testid="briefing-export-xlsx" disabled={busy != null || briefing.items.length === 0} onClick={() => void exportXlsx()}
            title="每张表一个工作表">{busy === 'xlsx' ? '正在导出…' : '导出Excel'}</button>
          <button data-testid="briefing-export-docx" disabled={busy != null} onClick={() => void exportDocx()}
            title="简报格式的 Word 文档（WPS 可打开），可继续编辑">{busy === 'docx' ? '正在导出…' : '导出Word'}</button>
          <button data-testid="briefing-refresh" onClick={doRefresh} title="按当前数据重新计算各部分和总体情况">刷新</button>
          <button onClick={toCurrentPeriod} disabled={!filter.period || briefing.items.length === 0}
            title="导入新一期数据后，把各部分的期次都改为顶部选择的期次">全部改为当前期次</button>
        </div>
        {lastRemoved && (
          <div className="bf-undo" role="status" data-testid="briefing-undo">
            <span>已移除“{lastRemoved.label}”</span>
            <button className="link" onClick={() => { const b = undoRemove(); if (b) notify(`已恢复“${b.label}”`); }}>撤销（Ctrl+Z）</button>
          </div>
        )}
        <div className="bf-side-block">
          <div className="bf-side-head">目录（拖动可调整顺序）</div>
          <ol className="bf-outline" data-testid="briefing-outline">
            <li className="fixed">一、总体情况</li>
            {briefing.items.map((it, i) => {
              const f = itemFilter(it, filter);
              return (
                <li key={it.id} draggable data-testid="outline-item"
                  className={dragFrom === i ? 'dragging' : undefined}
                  onDragStart={(e) => { setDragFrom(i); e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(i)); }}
                  onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }}
                  onDrop={(e) => {
                    e.preventDefault();
                    const from = dragFrom ?? Number(e.dataTransfer.getData('text/plain'));
                    if (Number.isInteger(from)) moveItemTo(from, i);
                    setDragFrom(null);
                  }}
                  onDragEnd={() => setDragFrom(null)}
                  title={titleOf(it, f, loaded)}>
                  <span className="grip" aria-hidden="true">⋮⋮</span>{chineseNumber(i + 2)}、{titleOf(it, f, loaded)}
                </li>
              );
            })}
          </ol>
        </div>
        <p className="muted small">各部分保存的是视图设置和当时的筛选条件，数据更新后会重新计算；勾选“跟随当前筛选”则随顶部筛选变化。</p>
      </aside>
    </div>
  );
}

function ItemSection({ item, index, count, current }: { item: BriefingItem; index: number; count: number; current: Filter }) {
  const filter = itemFilter(item, current);
  const loaded = useLoadedCounties();
  const auto = autoTitle(item.spec, filter, loaded);
  const title = item.title.trim() || auto;
  const n = chineseNumber(index + 2);
  return (
    <section className={item.spec.kind === 'trend' ? 'bf-section bf-item bf-keep' : 'bf-section bf-item'}
      data-testid="briefing-item" data-kind={item.spec.kind} aria-label={`${n}、${title}`}>
      <div className="bf-item-tools no-print">
        <span className="bf-kind">{KIND_LABELS[item.spec.kind]}</span>
        <span className="muted small" title="这一部分使用的筛选条件">{filterText(filter, loaded)}</span>
        <label className="small">
          <input type="checkbox" checked={item.follow} onChange={(e) => updateItem(item.id, { follow: e.target.checked })} />
          跟随当前筛选
        </label>
        <span className="spacer" />
        <button type="button" aria-label={`上移第${n}部分`} title="上移" disabled={index === 0} onClick={() => moveItemTo(index, index - 1)}>↑</button>
        <button type="button" aria-label={`下移第${n}部分`} title="下移" disabled={index === count - 1} onClick={() => moveItemTo(index, index + 1)}>↓</button>
        <button type="button" aria-label={`删除第${n}部分`} title="删除（可撤销）" onClick={() => {
          removeItem(item.id, title);
          notify(`已移除“${title}”，按 Ctrl+Z 撤销`);
        }}>删除</button>
      </div>
      <h2 className="bf-h2">
        <span className="bf-num">{n}、</span>
        <input className="bf-h2-input screen-only" aria-label={`第${n}部分标题`} value={item.title} placeholder={auto}
          onChange={(e) => updateItem(item.id, { title: e.target.value })} />
        <span className="print-only bf-h2-text">{title}</span>
      </h2>
      <AutoHeight className="bf-caption-input screen-only" label={`第${n}部分说明`} placeholder="在此输入说明文字（可选，打印在标题下）"
        value={item.caption} onChange={(v) => updateItem(item.id, { caption: v })} testId="caption-input" />
      {item.caption.trim() && (
        <div className="bf-caption print-only">{item.caption.split(/\n+/).filter((p) => p.trim()).map((p, i) => <p key={i}>{p}</p>)}</div>
      )}
      <ItemContent item={item} filter={filter} title={title} />
    </section>
  );
}

/**
 * 本年已发至第N期 and 改为第N+1期 (or 第1期 in a new year) next to 期号 when the number looks
 * already used (model.ts issueSuggestion): offered, never applied by itself; Ctrl+Z undoes it.
 */
function IssueHint({ briefing }: { briefing: Briefing }) {
  const s = issueSuggestion(briefing);
  if (!s) return null;
  const take = () => {
    const entry = applyIssueSuggestion();
    if (!entry) return;
    notify(`期号已改为第${s.next}期，按 Ctrl+Z 撤销`, 'info', 8000, {
      label: '撤销',
      run: () => void (undoStore.get().at(-1) === entry ? undoLastChange() : notify('之后还有其他更改，请用 Ctrl+Z 逐步撤销。')),
    });
  };
  return (
    <div className="bf-issue-hint" role="status" data-testid="briefing-issue-hint" title={`按成文日期，${s.year}年`}>
      <span>{s.last != null ? `本年已发至第${s.last}期` : '本年尚未发过简报'}</span>
      <button type="button" className="link" data-testid="briefing-issue-next" onClick={take}>改为第{s.next}期</button>
    </div>
  );
}

/**
 * 版记 at the end of the page (and so of the PDF), as the Word file ends: a rule, 报：/送：/发：,
 * （共印N份） on the right, a rule. The lines are the user's text: React text nodes only.
 */
function EndBlock({ distribution }: { distribution: BriefingDistribution }) {
  return (
    <footer className="bf-end" data-testid="briefing-end" aria-label="版记">
      {distributionLines(distribution).map(([label, text]) => (
        <p key={label} className="bf-end-line"><span className="bf-end-label">{label}：</span>{text}</p>
      ))}
      <p className="bf-end-copies" data-testid="briefing-copies">{copiesText(distribution.copies)}</p>
    </footer>
  );
}

/** 报送范围: 报/送/发 and 共印 份数, folded away until wanted. */
function DistributionSettings({ distribution }: { distribution: BriefingDistribution }) {
  const [copies, setCopies] = useState(distribution.copies == null ? '' : String(distribution.copies));
  // The field follows the briefing when it changes elsewhere (a workspace opened, an undo).
  useEffect(() => setCopies(distribution.copies == null ? '' : String(distribution.copies)), [distribution.copies]);
  return (
    <details className="bf-side-block bf-dist" data-testid="briefing-distribution">
      <summary className="bf-side-head">报送范围</summary>
      {DISTRIBUTION_LINES.map((k) => (
        <label key={k} className="bf-field">{DISTRIBUTION_LABELS[k]}
          <input aria-label={`版记 ${DISTRIBUTION_LABELS[k]}`} value={distribution[k]} maxLength={MAX_DISTRIBUTION_TEXT}
            placeholder="留空则不印这一行"
            onChange={(e) => { const v = distributionText(e.target.value); if (v != null) updateDistribution({ [k]: v }); }} />
        </label>
      ))}
      <label className="bf-field">共印（份）
        <input type="number" min={1} max={MAX_COPIES} step={1} aria-label="共印份数" value={copies} placeholder="留空，印好后手填"
          onChange={(e) => {
            setCopies(e.target.value);
            if (e.target.value.trim() === '') updateDistribution({ copies: null });
            else {
              const n = copiesNumber(Number(e.target.value));
              if (n != null) updateDistribution({ copies: n });
            }
          }} />
      </label>
    </details>
  );
}

function EmptyItems({ onNavigate }: { onNavigate?: (screen: Target) => void }) {
  return (
    <div className="bf-empty no-print" data-testid="briefing-empty">
      <h3>简报里还没有图表或表格</h3>
      <p>在“透视”“趋势”“排名”“对比”或“总览”页面点击 <b>加入简报</b>，当前的图表或表格（连同筛选条件）就会加到这里；再回到本页排序、加说明，然后导出 PDF 或 Excel。</p>
      <p className="bf-empty-actions">
        <button className="primary" onClick={() => onNavigate?.('pivot')} disabled={!onNavigate}>去透视</button>
        <button onClick={() => onNavigate?.('trends')} disabled={!onNavigate}>去趋势</button>
        <button onClick={() => onNavigate?.('ranking')} disabled={!onNavigate}>去排名</button>
      </p>
    </div>
  );
}

