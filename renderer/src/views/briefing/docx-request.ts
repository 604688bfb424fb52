/**
 * 导出Word: the 简报 page's parts gathered for shared/briefing/docx.ts — each item's tables
 * (computed again through the coordinator, the same as the page and the workbook), the
 * narrative as the page shows it, and each chart as the page prints it (ChartFigure's 2×
 * print PNG: plain legend with every entry, no pager arrows, no zoom slider).
 */
import type { Briefing } from '../../../../shared/briefing/model.ts';
import { generateNarrative, type Runner } from '../../../../shared/briefing/narrative.ts';
import type { DocxChart } from '../../../../shared/briefing/docx.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { dataUrlBytes, preparePrintImages } from './figures.tsx';
import { plansStore } from '../../state/plans-store.ts';

/**
 * Each item's chart images, by item id, read from the document in its order: the print
 * images are rendered again first (fonts loaded, current size).
 */
export async function collectCharts(items: Briefing['items'], root: ParentNode = document): Promise<Map<string, DocxChart[]>> {
  await preparePrintImages();
  const sections = [...root.querySelectorAll<HTMLElement>('.bf-doc [data-testid="briefing-item"]')];
  const out = new Map<string, DocxChart[]>();
  sections.forEach((section, i) => {
    const item = items[i];
    if (!item) return;
    const charts: DocxChart[] = [];
    for (const img of section.querySelectorAll<HTMLImageElement>('img.bf-print-img')) {
      if (!img.src.startsWith('data:image/png') || !img.naturalWidth) continue;
      // The PNG is drawn at 2×: its size on screen is half its pixels.
      charts.push({ png: dataUrlBytes(img.src), width: img.naturalWidth / 2, height: img.naturalHeight / 2, title: img.alt });
    }
    if (charts.length) out.set(item.id, charts);
  });
  return out;
}

/** 一、总体情况 as the page shows it: the user's text, else the one written from the data. */
export async function narrativeText(briefing: Briefing, run: Runner, filter: Filter, loaded: readonly string[]): Promise<string> {
  if (briefing.narrative != null) return briefing.narrative;
  if (!filter.period) return '';
  const { text } = await generateNarrative(run, filter.period, {
    counties: filter.counties ?? [], townships: filter.townships, kind: filter.kind, loaded,
  }, plansStore.get().plans);
  return text;
}
