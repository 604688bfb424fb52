/**
 * Pivots every county office asks for, offered in 透视's view list next to the saved ones.
 * Plain configs: opening one is the same as building it by hand in the wells.
 */
import type { PivotConfig } from './config.ts';

export interface BuiltinView {
  name: string;
  /** What the table answers, for the list's tooltip. */
  note: string;
  config: PivotConfig;
}

export const BUILTIN_VIEWS: readonly BuiltinView[] = [
  {
    // The township's year (issue #17): every township at the end of each year side by side.
    name: '乡镇年末对比',
    note: '各乡镇每年年末（年度评定，没有时取第四季度）的星级结构、三星以上单位数和占比，以及较上年末升星、降星的单位数',
    config: {
      rows: ['township'],
      columns: ['year'],
      measures: [
        { kind: 'units' }, { kind: 'levels' }, { kind: 'atLeast', level: 3 }, { kind: 'shareAtLeast', level: 3 },
        { kind: 'unitsUp' }, { kind: 'unitsDown' },
      ],
      cadence: 'year',
      totals: { rows: 'grand', columns: false },
    },
  },
];
