/**
 * Geometry of the trend charts, in CSS pixels. Plain constants (no DOM, no CSS) so the e2e
 * test can import them and click a heatmap cell or hover a period by coordinates.
 */

/** Show a data-zoom slider under the x axis past this many periods. */
export const ZOOM_AFTER = 8;
/** With more periods than this, the window opens on the latest ones. */
export const ZOOM_WINDOW = 20;
/** Extra bottom margin the slider takes. */
export const ZOOM_HEIGHT = 18;
export const ZOOM_GAP = 34;

export const SHARE_CHART = { height: 330, grid: { left: 48, right: 24, top: 40, bottom: 28 } } as const;
export const LEVEL_CHART = { height: 300, grid: { left: 44, right: 16, top: 36, bottom: 28 } } as const;
export const STAR_CHART = { height: 300, grid: { left: 48, right: 160, top: 16, bottom: 28 } } as const;

/** The heatmap grows with the townships it shows. */
export const HEATMAP = {
  grid: { left: 96, right: 92, top: 8, bottom: 28 },
  rowHeight: 26,
  minHeight: 110,
  maxHeight: 900,
} as const;

export function zoomOn(periods: number): boolean {
  return periods > ZOOM_AFTER;
}

/** Bottom margin of a grid, with room for the slider when there is one. */
export function gridBottom(base: number, periods: number): number {
  return base + (zoomOn(periods) ? ZOOM_GAP : 0);
}

export function heatmapHeight(townships: number, periods: number): number {
  const body = Math.max(1, townships) * HEATMAP.rowHeight;
  const h = body + HEATMAP.grid.top + gridBottom(HEATMAP.grid.bottom, periods);
  return Math.min(HEATMAP.maxHeight, Math.max(HEATMAP.minHeight, h));
}

/** Top of a percentage axis: a little above the highest value, at most 100%. */
export function percentAxisMax(max: number): number {
  return Math.min(1, Math.ceil((max + 0.05) * 10) / 10);
}
