/**
 * Export file names (shared/file-name.ts): what Windows, macOS and Linux refuse is replaced,
 * the extension survives, and the Chinese notice says what changed.
 */
import { describe, expect, it } from 'vitest';
import { fileNameNotice, MAX_FILE_NAME_BYTES, safeFileName } from '../../shared/file-name.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('safeFileName', () => {
  it('leaves an ordinary Chinese name alone, with no notice', () => {
    const safe = safeFileName('乡镇排名-三星以上占比-2024Q3.png');
    expect(safe).toEqual({ name: '乡镇排名-三星以上占比-2024Q3.png', changes: [] });
    expect(fileNameNotice('乡镇排名-三星以上占比-2024Q3.png', safe)).toBe('');
  });

  it('replaces a township name with "/" and every other forbidden character, keeping the extension', () => {
    const safe = safeFileName('乡镇对比-城关镇/石门乡.png');
    expect(safe.name).toBe('乡镇对比-城关镇_石门乡.png');
    expect(safe.changes).toEqual(['chars']);
    expect(safeFileName('a\\b:c*d?e"f<g>h|i.svg').name).toBe('a_b_c_d_e_f_g_h_i.svg');
    expect(safeFileName('第一行\n第二行\t\u0000.csv').name).toBe('第一行_第二行__.csv');
    expect(fileNameNotice('乡镇对比-城关镇/石门乡.png', safe))
      .toBe('文件名“乡镇对比-城关镇/石门乡.png”含有文件名中不能使用的字符（如 / \\ : * ? " < > |），已改为“乡镇对比-城关镇_石门乡.png”。');
  });

  it('drops trailing dots and spaces, which Windows would drop silently', () => {
    expect(safeFileName('  简报...  .xlsx').name).toBe('简报.xlsx');
  });

  it('renames reserved Windows device names, with or without an extension', () => {
    expect(safeFileName('CON.png')).toEqual({ name: 'CON_.png', changes: ['reserved'] });
    expect(safeFileName('lpt1').name).toBe('lpt1_');
    expect(safeFileName('nul.2024.csv').name).toBe('nul.2024_.csv');
    expect(safeFileName('CONSOLE.png').changes).toEqual([]);
    expect(fileNameNotice('CON.png', safeFileName('CON.png'))).toContain('是 Windows 保留的设备名');
  });

  it('cuts a long name to the byte limit on whole characters, keeping the extension', () => {
    const long = `${'石门乡'.repeat(100)}.xlsx`;
    const safe = safeFileName(long);
    expect(safe.changes).toEqual(['length']);
    expect(safe.name.endsWith('石.xlsx') || safe.name.endsWith('门.xlsx') || safe.name.endsWith('乡.xlsx')).toBe(true);
    expect(bytes(safe.name)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(bytes(safe.name)).toBeGreaterThan(MAX_FILE_NAME_BYTES - 3);
    expect(safe.name).not.toContain('\uFFFD');
    expect(fileNameNotice(long, safe)).toContain('过长');
  });

  it('uses the fallback for a name with nothing left', () => {
    expect(safeFileName('///.png', '图表')).toEqual({ name: '图表.png', changes: ['chars', 'empty'] });
    expect(safeFileName('', '简报').name).toBe('简报');
  });

  it('does not take a period number for an extension', () => {
    expect(safeFileName('趋势 2024.3').name).toBe('趋势 2024.3');
    expect(safeFileName('a/b 2024.3').name).toBe('a_b 2024.3');
  });
});
