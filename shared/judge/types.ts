/**
 * 观摩评比 (issue #16): the judges' scores of one round as read from the sheets
 * (shared/judge/sheet.ts), and the rule that turns them into a ranking (shared/judge/rules.ts).
 */

/** One scored part of the round (现场观摩, 汇报 …); a round without parts has one, named DEFAULT_COMPONENT. */
export interface JudgeComponent {
  name: string;
  /** The highest allowed score (from "满分70" / "(70分)" in the header), 100 when not written. */
  max: number;
  /** Judges' column headers as shown, in column order: 评委一, 评委1, 专家A … */
  judges: string[];
  /** "file / sheet", for messages. */
  source: string;
}

/** One township or unit being scored. */
export interface JudgeContestant {
  name: string;
  /** The township when the sheet has both a township and a unit column. */
  township: string | null;
  /** scores[component][judge]: null for a missing score (empty cell). Aligned with JudgeRound.components. */
  scores: Array<Array<number | null>>;
  /** "file / sheet / 第N行" of the (first) row the contestant was read from. */
  source: string;
}

export interface JudgeRound {
  /** From the title row ("2026年第三季度观摩评比评分表"), else the file name without extension. */
  name: string;
  components: JudgeComponent[];
  contestants: JudgeContestant[];
  /** Things the reader skipped or assumed, in Chinese. */
  warnings: string[];
}

/** The component name of a round whose sheet has no parts. */
export const DEFAULT_COMPONENT = '评分';

/** Decimal places of a final score unless the rule says otherwise. */
export const DEFAULT_DECIMALS = 2;
/** With this many judges or more, 'trimmed' drops 1 highest and 1 lowest unless told otherwise. */
export const TRIM_DEFAULT_MIN_JUDGES = 5;

export type JudgeMethod = 'trimmed' | 'mean';

/** How a round is scored: plain JSON, saved with the round. */
export interface JudgeRule {
  method: JudgeMethod;
  /** For 'trimmed': N highest and N lowest are dropped; default 1 with ≥5 judges, else 0. */
  drop?: number;
  /**
   * Component weights (现场观摩 0.7, 汇报 0.3), used exactly as given: not normalised, so
   * 0.7 + 0.3 gives a weighted mean, 1 + 1 a sum. Without weights every component counts 1
   * (the parts are added up: 现场观摩 out of 70 + 汇报 out of 30).
   */
  weights?: Record<string, number>;
  /** Decimal places of the final score, rounded half-up; default 2. */
  decimals?: number;
  /** 'competition' (default): equal rounded scores share a rank (1, 2, 2, 4); breakBy: the higher (rounded) score of that component goes first. */
  ties?: 'competition' | { breakBy: string };
  /** Points by rank: points[0] for 1st. Tied ranks get the same points; ranks past the table get none (null). */
  points?: number[];
}
