/** AG Grid community, registered once, in Chinese, in the workbench's calm theme. */
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: '"Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
  fontSize: 13,
  headerFontSize: 13,
  accentColor: '#C8102E',
  spacing: 5,
  rowHeight: 30,
  headerHeight: 32,
  borderColor: '#dfe2e6',
  headerBackgroundColor: '#f3f4f6',
});

export const gridLocale = AG_GRID_LOCALE_CN;
