/**
 * 版记 of the 简报: 报 / 送 / 发 (who receives it) and 共印N份 (how many are printed). One
 * definition for the app (the 简报 page, its Word and PDF) and the CLI; the briefing keeps the
 * user's own as `distribution` (model.ts), read from JSON with `parseDistribution`.
 */

/** 报/送/发 as the Word builder takes them (docx.ts endBlock): an empty or absent line is left out. */
export interface Distribution {
  /** 报：superiors. */
  bao?: string;
  /** 送：peers and leaders. */
  song?: string;
  /** 发：subordinates. */
  fa?: string;
}

/** The briefing's 版记 setting: every line (empty = not printed) and 共印N份 (null = a blank the office fills in). */
export interface BriefingDistribution extends Required<Distribution> {
  copies: number | null;
}

/** The usual recipients of a county 组织部's 简报, until the user sets their own. */
export const DEFAULT_DISTRIBUTION: Readonly<BriefingDistribution> = Object.freeze({
  bao: '市委组织部，县委主要领导',
  song: '县委常委，县人大常委会、县政府、县政协主要领导',
  fa: '各乡镇（街道）党（工）委，县直各单位党组（党委）',
  copies: null,
});

/** The longest 报/送/发 line kept (longer text from a file is not trusted). */
export const MAX_DISTRIBUTION_TEXT = 200;
export const MAX_COPIES = 9999;

export const DISTRIBUTION_LABELS = { bao: '报', song: '送', fa: '发' } as const;
export type DistributionLine = keyof typeof DISTRIBUTION_LABELS;
export const DISTRIBUTION_LINES: readonly DistributionLine[] = ['bao', 'song', 'fa'];

/** A valid 共印 number (a whole number 1–9999), or null. */
export function copiesNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_COPIES ? v : null;
}

/** A 报/送/发 line as typed or read: control characters (line breaks, tabs, NUL) removed; null when not a string or too long. */
export function distributionText(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const s = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  return s.length <= MAX_DISTRIBUTION_TEXT ? s : null;
}

/**
 * The 版记 setting from untrusted JSON: undefined when absent or not an object (the defaults
 * apply); a line that is not a string of at most 200 characters falls back to the default
 * line, a 共印 that is not a whole number 1–9999 to the blank (null).
 */
export function parseDistribution(v: unknown): BriefingDistribution | undefined {
  if (typeof v !== 'object' || v == null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  return {
    bao: distributionText(o.bao) ?? DEFAULT_DISTRIBUTION.bao,
    song: distributionText(o.song) ?? DEFAULT_DISTRIBUTION.song,
    fa: distributionText(o.fa) ?? DEFAULT_DISTRIBUTION.fa,
    copies: copiesNumber(o.copies),
  };
}

/** The lines printed, in order: ['报', '市委组织部…'], … (empty ones left out). */
export function distributionLines(d: Distribution): Array<[label: string, text: string]> {
  return DISTRIBUTION_LINES.map((k) => [DISTRIBUTION_LABELS[k], (d[k] ?? '').trim()] as [string, string]).filter(([, t]) => t !== '');
}

/** （共印8份）, or （共印　　份） with a blank for the office to fill in. */
export function copiesText(copies: number | null | undefined): string {
  return copies != null && Number.isFinite(copies) ? `（共印${copies}份）` : '（共印　　份）';
}
