// Types for tests/boundaries.mjs (the boundary check run by `npm run lint:boundaries`).
export interface Violation {
  /** Repo-relative, '/'-separated. */
  file: string;
  line: number;
  rule: 'shared-imports' | 'shared-dom' | 'renderer-imports' | 'electron-imports' | 'renderer-sql';
  message: string;
}
export function checkBoundaries(root?: string): { files: number; violations: Violation[] };
export function formatViolations(violations: Violation[]): string;
