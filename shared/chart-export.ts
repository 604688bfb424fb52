/**
 * A chart as exported (PNG / SVG), not as on screen: a title naming what, where and when
 * (甲县各乡镇三星以上占比（2023年第一季度—2024年第四季度）), every legend entry in a plain
 * legend laid out in rows under the plot (the screen's scrolling legend, with its pager arrows,
 * would show only a page of 20+ townships), all periods (no zoom slider), and a source line at
 * the bottom left (数据来源：星图 · 台账 · 制图日期). The plot keeps its size: the image grows
 * by the room the title, the legend rows and the source line take.
 *
 * Pure and DOM-free (ECharts options are plain objects): the renderer's Chart measures text
 * with a canvas when it can and renders the result off screen.
 */

type Obj = Record<string, unknown>;

export interface ExportChartOptions {
  /** The chart's title: what, where, when. */
  title: string;
  /** A second, smaller line under the title (optional). */
  subtitle?: string;
  /** The source line, bottom left (chartSourceLine). */
  source: string;
  /** Width of the image in CSS pixels. */
  width: number;
  /** Height of the chart on screen (the plot keeps it); 360 when not given. */
  height?: number;
  /** Width of a text at a font size, in CSS pixels; an estimate (a CJK character is one em) when not given. */
  measure?: (text: string, fontSize: number) => number;
  /** The legend entries switched off on screen, kept off in the image. */
  selected?: Record<string, boolean>;
}

export interface ExportedChart {
  option: Obj;
  /** Height of the image in CSS pixels. */
  height: number;
  /** Rows the bottom legend takes (0 with no horizontal legend). */
  legendRows: number;
}

export const EXPORT_TITLE_SIZE = 16;
export const EXPORT_SUBTITLE_SIZE = 12;
export const EXPORT_SOURCE_SIZE = 11;
/** Height of the source line's band at the bottom. */
export const SOURCE_BAND = 26;
/** Side margin of the title, the legend and the source line. */
const SIDE = 12;

/** Text width estimate: a CJK (full-width) character is one em, anything else about 0.6 em. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[\u0000-\u00ff]/.test(ch) ? 0.6 : 1;
  return w * fontSize;
}

/** Height of one legend row: the text's line box and the gap ECharts leaves between rows. */
export function legendRowHeight(legend: Obj): number {
  const size = Number((legend.textStyle as Obj | undefined)?.fontSize ?? 12);
  const itemHeight = Number(legend.itemHeight ?? 14);
  const gap = Number(legend.itemGap ?? 10);
  return Math.max(itemHeight, Math.ceil(size * 1.34)) + gap;
}

/** Rows a horizontal legend of `names` takes in `avail` pixels, items packed greedily left to right. */
export function legendRows(names: readonly string[], legend: Obj, avail: number, measure = estimateTextWidth): number {
  if (!names.length) return 0;
  const size = Number((legend.textStyle as Obj | undefined)?.fontSize ?? 12);
  const itemWidth = Number(legend.itemWidth ?? 25);
  const gap = Number(legend.itemGap ?? 10);
  let rows = 1;
  let x = 0;
  for (const n of names) {
    // Symbol, the 5px ECharts puts between symbol and text, the text, the gap to the next item.
    const w = itemWidth + 5 + measure(n, size);
    if (x > 0 && x + w > avail) { rows++; x = 0; }
    x += w + gap;
  }
  return rows;
}

const asList = (x: unknown): Obj[] => (Array.isArray(x) ? x as Obj[] : x ? [x as Obj] : []);

/** Names a legend shows: its data, else the series' names (each once). */
function legendNames(legend: Obj, series: Obj[]): string[] {
  const raw = Array.isArray(legend.data)
    ? (legend.data as unknown[]).map((d) => (d && typeof d === 'object' ? (d as Obj).name : d))
    : series.map((s) => s.name);
  const out: string[] = [];
  for (const n of raw) if (n != null && n !== '' && !out.includes(String(n))) out.push(String(n));
  return out;
}

/** Lines the title wraps to in `avail` pixels. */
function titleLines(text: string, size: number, avail: number, measure: (t: string, s: number) => number): number {
  return Math.max(1, Math.ceil(measure(text, size) / Math.max(50, avail)));
}

/** The option as exported (see the module comment) and the image height that keeps the plot's size. */
export function exportOption(option: Obj, opts: ExportChartOptions): ExportedChart {
  const measure = opts.measure ?? estimateTextWidth;
  const width = Math.max(200, opts.width);
  const height = opts.height ?? 360;
  const out: Obj = { ...option, animation: false };
  const series = asList(option.series);

  // All periods: no zoom slider, and the bottom margin it took back.
  let zoomRoom = 0;
  for (const dz of asList(option.dataZoom)) {
    if (dz.type !== 'inside') zoomRoom = Math.max(zoomRoom, Number(dz.height ?? 18) + 16);
  }
  delete out.dataZoom;

  // Title (wrapped when long) and the source line: one title component each.
  const avail = width - 2 * SIDE;
  const lines = titleLines(opts.title, EXPORT_TITLE_SIZE, avail, measure);
  const titleBand = 12 + lines * Math.ceil(EXPORT_TITLE_SIZE * 1.4) + (opts.subtitle ? EXPORT_SUBTITLE_SIZE + 10 : 0) + 8;
  out.title = [
    {
      text: opts.title, subtext: opts.subtitle ?? '', left: 'center', top: 12, itemGap: 6,
      textStyle: { fontSize: EXPORT_TITLE_SIZE, fontWeight: 'bold', color: '#1f2329', width: avail, overflow: 'break', lineHeight: Math.ceil(EXPORT_TITLE_SIZE * 1.4) },
      subtextStyle: { fontSize: EXPORT_SUBTITLE_SIZE, color: '#4b5563' },
    },
    {
      text: opts.source, left: SIDE, bottom: 8,
      textStyle: { fontSize: EXPORT_SOURCE_SIZE, fontWeight: 'normal', color: '#6b7280' },
    },
  ];

  // Legends: a scrolling one becomes plain; a horizontal one moves under the plot, in rows.
  let legendBand = 0;
  let rows = 0;
  let topLegendRoom = 0;
  const legends = asList(option.legend).map((l) => {
    const plain: Obj = { ...l, type: 'plain' };
    if (opts.selected) plain.selected = { ...(l.selected as Obj | undefined), ...opts.selected };
    if (l.orient === 'vertical') return plain;
    const names = legendNames(l, series);
    const n = legendRows(names, l, avail, measure);
    const rowH = legendRowHeight(l);
    if (l.bottom == null) topLegendRoom = Math.max(topLegendRoom, rowH + Number(typeof l.top === 'number' ? l.top : 0));
    rows = Math.max(rows, n);
    legendBand = Math.max(legendBand, n * rowH + 6);
    delete plain.top;
    return { ...plain, orient: 'horizontal', left: SIDE, right: SIDE, width: avail, bottom: SOURCE_BAND + 4, data: names };
  });
  if (legends.length) out.legend = Array.isArray(option.legend) ? legends : legends[0];

  const bottomBand = SOURCE_BAND + legendBand;
  // The plot's margins: the title above (instead of the screen's top legend), the legend and source below.
  let dTop = titleBand;
  let dBottom = bottomBand - zoomRoom;
  const grids = asList(option.grid);
  if (grids.length) {
    const moved = grids.map((g) => {
      const top = typeof g.top === 'number' ? g.top : null;
      const bottom = typeof g.bottom === 'number' ? g.bottom : null;
      const newTop = top == null ? null : titleBand + Math.max(10, top - topLegendRoom);
      const newBottom = bottom == null ? null : Math.max(20, bottom - zoomRoom) + bottomBand;
      if (top != null && newTop != null) dTop = newTop - top;
      if (bottom != null && newBottom != null) dBottom = newBottom - bottom;
      return { ...g, ...(newTop == null ? {} : { top: newTop }), ...(newBottom == null ? {} : { bottom: newBottom }) };
    });
    out.grid = Array.isArray(option.grid) ? moved : moved[0];
  }
  // A colour scale pinned to the bottom stays clear of the legend and the source line.
  const maps = asList(option.visualMap);
  if (maps.length) {
    const shifted = maps.map((m) => (typeof m.bottom === 'number' ? { ...m, bottom: m.bottom + bottomBand } : m));
    out.visualMap = Array.isArray(option.visualMap) ? shifted : shifted[0];
  }
  return { option: out, height: Math.round(height + dTop + dBottom), legendRows: rows };
}

/** 数据来源：星图 · 示例数据（虚构县） · 制图日期 2026年12月3日 (导入的台账 when no dataset is named). */
export function chartSourceLine(datasets: readonly string[], date: Date = new Date()): string {
  const names = [...new Set(datasets.map((d) => d.trim()).filter(Boolean))];
  const what = names.length === 0 ? '导入的台账' : names.length <= 2 ? names.join('、') : `${names[0]}等${names.length}份台账`;
  return `数据来源：星图 · ${what} · 制图日期 ${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

/** 甲县各乡镇三星以上占比（2023年第一季度—2024年第四季度）: a chart's title with its period range. */
export function chartTitle(what: string, first?: string | null, last?: string | null): string {
  if (!first) return what;
  return `${what}（${!last || last === first ? first : `${first}—${last}`}）`;
}
