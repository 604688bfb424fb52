/**
 * Issue #17: the 'township-order' workspace part (the analyst's 乡镇顺序) read from untrusted
 * JSON — a file or localStorage — keeps what it can and says in Chinese what it dropped.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TOWNSHIP_ORDER, checkTownshipOrder, townshipOrderJson } from '../../shared/township-order-format.ts';

describe('checkTownshipOrder', () => {
  it('reads back what townshipOrderJson writes', () => {
    const order = [{ county: '甲县', township: '城关镇' }, { county: null, township: '河口镇' }, { county: '乙县', township: '城关镇' }];
    const r = checkTownshipOrder(JSON.parse(JSON.stringify(townshipOrderJson(order))));
    expect(r).toEqual({ value: order, notices: [] });
  });

  it('accepts a bare list and a missing county (null)', () => {
    expect(checkTownshipOrder([{ township: '东湖乡' }, { township: '城关镇', county: null }])).toEqual({
      value: [{ county: null, township: '东湖乡' }, { county: null, township: '城关镇' }],
      notices: [],
    });
  });

  it('nothing saved is no chosen order and no notice', () => {
    expect(checkTownshipOrder(undefined)).toEqual({ value: [], notices: [] });
    expect(checkTownshipOrder(null)).toEqual({ value: [], notices: [] });
    expect(checkTownshipOrder({ version: 1, townships: [] })).toEqual({ value: [], notices: [] });
  });

  it('something that is not a list is ignored with a notice', () => {
    for (const bad of ['城关镇', 42, { townships: '城关镇' }, { version: 1 }]) {
      const r = checkTownshipOrder(bad);
      expect(r.value).toEqual([]);
      expect(r.notices).toEqual(['已忽略无法识别的乡镇顺序，乡镇按台账顺序排列']);
    }
  });

  it('drops non-objects and entries without a township name or with a county that is not text', () => {
    const r = checkTownshipOrder([
      '城关镇', null, 7, ['河口镇'],
      {}, { township: 5 }, { township: '' }, { township: '   ' }, { county: '甲县' }, { township: '西山镇', county: 3 },
      { township: '河口镇', county: '甲县' },
    ]);
    expect(r.value).toEqual([{ county: '甲县', township: '河口镇' }]);
    expect(r.notices).toEqual(['乡镇顺序中有 10 项无法识别（缺少乡镇名称），已忽略']);
  });

  it('keeps the first place of a repeated township; the same name in two counties is two townships', () => {
    const r = checkTownshipOrder([
      { county: '甲县', township: '城关镇' }, { county: '甲县', township: '河口镇' }, { county: '乙县', township: '城关镇' },
      { county: '甲县', township: '城关镇' }, { county: '甲县', township: ' 河口镇 ' },
    ]);
    expect(r.value).toEqual([
      { county: '甲县', township: '城关镇' }, { county: '甲县', township: '河口镇' }, { county: '乙县', township: '城关镇' },
    ]);
    expect(r.notices).toEqual(['乡镇顺序中有 2 个乡镇重复，只保留第一次出现的位置']);
  });

  it('cuts a list longer than the limit', () => {
    const list = Array.from({ length: MAX_TOWNSHIP_ORDER + 10 }, (_, i) => ({ county: null, township: `乡镇${i}` }));
    const r = checkTownshipOrder(list);
    expect(r.value).toHaveLength(MAX_TOWNSHIP_ORDER);
    expect(r.value[0]).toEqual({ county: null, township: '乡镇0' });
    expect(r.notices).toEqual([`乡镇顺序超过 ${MAX_TOWNSHIP_ORDER} 个乡镇，只保留前 ${MAX_TOWNSHIP_ORDER} 个`]);
  });

  it('control characters become spaces and long names are cut', () => {
    const r = checkTownshipOrder([{ county: '甲\u0000县', township: `城关\n镇${'镇'.repeat(100)}` }]);
    expect(r.value[0].county).toBe('甲 县');
    expect(r.value[0].township.startsWith('城关 镇')).toBe(true);
    expect(r.value[0].township.length).toBe(60);
  });
});
