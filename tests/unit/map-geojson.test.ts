/**
 * 乡镇边界 (issue 17): a user's GeoJSON read as hostile input, matched to township names the
 * import's way, and carried by the workspace's 'map' part.
 */
import { describe, expect, it } from 'vitest';
import {
  BoundaryError, MAX_FEATURES, MAX_GEOJSON_BYTES, MAX_POSITIONS, boundaryPartJson, checkBoundary, checkBoundaryPart,
  featureName, mapGeoJson, matchNote, matchTownships, readBoundaryBytes, readBoundaryText,
} from '../../shared/map/geojson.ts';

const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];

function feature(properties: Record<string, unknown> | null, geometry: unknown) {
  return { type: 'Feature', properties, geometry };
}

function collection(features: unknown[]) {
  return { type: 'FeatureCollection', features };
}

const VALID = collection([
  feature({ name: '城关镇' }, { type: 'Polygon', coordinates: square(113, 34) }),
  feature({ 乡镇名称: '河口镇 ' }, { type: 'Polygon', coordinates: square(113.1, 34) }),
  feature({ XZMC: '东湖街道办事处' }, { type: 'MultiPolygon', coordinates: [square(113.2, 34), square(113.3, 34)] }),
  feature({ NAME: '外县某镇' }, { type: 'Polygon', coordinates: square(113.4, 34) }),
  feature({ name: '石门乡' }, { type: 'Polygon', coordinates: square(113.5, 34) }),
  // A township drawn in two features: one shape.
  feature({ name: '城关镇' }, { type: 'Polygon', coordinates: square(113, 34.1) }),
  // Not a polygon: skipped with a note.
  feature({ name: '县政府' }, { type: 'Point', coordinates: [113.05, 34.05] }),
]);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(BoundaryError);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('reading a boundary file', () => {
  it('reads polygons and multipolygons, names from common properties, merges parts, skips points', () => {
    const b = readBoundaryText('边界.geojson', JSON.stringify(VALID));
    expect(b.fileName).toBe('边界.geojson');
    expect(b.shapes.map((s) => s.name)).toEqual(['城关镇', '河口镇', '东湖街道办事处', '外县某镇', '石门乡']);
    expect(b.shapes[0].polygons).toHaveLength(2);
    expect(b.shapes[2].polygons).toHaveLength(2);
    expect(b.notes).toEqual(['第 7 个要素（县政府）不是面（Point），已跳过']);
  });

  it('reads UTF-8 with a BOM and GB18030 bytes', () => {
    const text = JSON.stringify(collection([feature({ name: '城关镇' }, { type: 'Polygon', coordinates: square(113, 34) })]));
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(readBoundaryBytes('a.json', bom).shapes[0].name).toBe('城关镇');
    // 城关镇 in GB18030.
    const gb = new Uint8Array([...new TextEncoder().encode(text.split('城关镇')[0]), 0xb3, 0xc7, 0xb9, 0xd8, 0xd5, 0xf2,
      ...new TextEncoder().encode(text.split('城关镇')[1])]);
    expect(readBoundaryBytes('a.json', gb).shapes[0].name).toBe('城关镇');
  });

  it('finds names under the usual keys and normalises them as the import does', () => {
    expect(featureName({ NAME: '  城关镇\u200b ' })).toBe('城关镇');
    expect(featureName({ XZQMC: '东湖　街道' })).toBe('东湖街道');
    expect(featureName({ 乡镇街道名称: '白马镇' })).toBe('白马镇');
    expect(featureName({ code: 411001 })).toBeNull();
    expect(featureName(null)).toBeNull();
    const b = checkBoundary('x.json', collection([feature({}, { type: 'Polygon', coordinates: square(1, 1) })]));
    expect(b.shapes[0]).toMatchObject({ name: '未命名区域1', unnamed: true });
  });
});

describe('matching shapes to the loaded townships', () => {
  const b = checkBoundary('边界.geojson', VALID);
  const townships = ['城关镇', '河口镇', '东湖街道', '石门镇', '白马镇'];
  const m = matchTownships(b.shapes.map((s) => s.name), townships);

  it('matches exact names, and 街道办事处 to 街道, never 乡 to 镇', () => {
    expect([...m.township]).toEqual([['城关镇', '城关镇'], ['河口镇', '河口镇'], ['东湖街道办事处', '东湖街道']]);
    expect(m.unmatchedShapes).toEqual(['外县某镇', '石门乡']);
    expect(m.missingTownships).toEqual(['石门镇', '白马镇']);
  });

  it('writes the note and the map names', () => {
    expect(matchNote(m)).toBe('注：边界文件中的外县某镇、石门乡未对应到已导入的乡镇，显示为灰色；石门镇、白马镇在边界文件中没有边界，不在地图上显示。');
    const geo = mapGeoJson(b, m);
    expect(geo.features.map((f) => f.properties.name)).toEqual(['城关镇', '河口镇', '东湖街道', '外县某镇', '石门乡']);
    expect(matchNote(matchTownships(['城关镇'], ['城关镇']))).toBe('');
  });

  it('does not guess when two townships could take one 街道办事处 shape', () => {
    const two = matchTownships(['东湖街道办事处', '东湖街道办'], ['东湖街道']);
    expect(two.township.size).toBe(0);
  });

  it('travels in the workspace part and is checked again on restore', () => {
    const part = JSON.parse(JSON.stringify(boundaryPartJson(b)));
    const back = checkBoundaryPart(part);
    expect(back.notices).toEqual([]);
    expect(back.value!.shapes.map((s) => s.name)).toEqual(b.shapes.map((s) => s.name));
    expect(back.value!.fileName).toBe('边界.geojson');
    expect(checkBoundaryPart(null)).toEqual({ value: null, notices: [] });
    const bad = checkBoundaryPart({ version: 1, fileName: 'x.json', geojson: { type: 'Point' } });
    expect(bad.value).toBeNull();
    expect(bad.notices[0]).toContain('已忽略工作区中的乡镇边界');
  });
});

describe('hostile files are refused with a message naming the file and what to do', () => {
  it('not JSON', () => {
    const msg = refusal(() => readBoundaryText('边界.shp', 'PK\u0003\u0004 not json'));
    expect(msg).toContain('“边界.shp”');
    expect(msg).toContain('不是 JSON');
    expect(msg).toContain('GeoJSON');
  });

  it('the wrong type', () => {
    expect(refusal(() => readBoundaryText('a.json', '[1,2,3]'))).toContain('不是 GeoJSON 对象');
    expect(refusal(() => readBoundaryText('a.json', '{"type":"Topology","objects":{}}'))).toContain('“Topology”，需要 FeatureCollection');
    expect(refusal(() => readBoundaryText('a.json', '{"type":"FeatureCollection","features":{}}'))).toContain('没有 features 列表');
    expect(refusal(() => checkBoundary('a.json', collection([feature({ name: 'x' }, { type: 'Point', coordinates: [1, 2] })])))).toContain('没有面要素');
    expect(refusal(() => checkBoundary('a.json', collection([42])))).toContain('第 1 个要素不是 GeoJSON Feature');
  });

  it('too many coordinates', () => {
    const ring = Array.from({ length: MAX_POSITIONS + 1 }, (_, i) => [113 + (i % 1000) * 1e-4, 34 + Math.floor(i / 1000) * 1e-4]);
    const msg = refusal(() => checkBoundary('大.geojson', collection([feature({ name: '城关镇' }, { type: 'Polygon', coordinates: [ring] })])));
    expect(msg).toContain('坐标点超过 1,000,000 个');
    expect(msg).toContain('简化');
  });

  it('too many features', () => {
    const many = Array.from({ length: MAX_FEATURES + 1 }, (_, i) => feature({ name: `镇${i}` }, { type: 'Polygon', coordinates: square(1, 1) }));
    expect(refusal(() => checkBoundary('a.json', collection(many)))).toContain('超过上限 2,000 个');
  });

  it('NaN, Infinity, strings and projected coordinates', () => {
    const poly = (ring: unknown[]) => collection([feature({ name: '城关镇' }, { type: 'Polygon', coordinates: [ring] })]);
    const ok = [[113, 34], [113.1, 34], [113.1, 34.1]];
    expect(refusal(() => checkBoundary('a.json', poly([...ok, [Number.NaN, 34]])))).toContain('第 1 个要素（城关镇）有一个坐标不是有限的数字');
    // 1e999 parses to Infinity.
    expect(refusal(() => readBoundaryText('a.json', JSON.stringify(poly(ok)).replace('113.1,34.1', '1e999,34.1')))).toContain('不是有限的数字');
    expect(refusal(() => checkBoundary('a.json', poly([...ok, ['113', '34']])))).toContain('不是有限的数字');
    expect(refusal(() => checkBoundary('a.json', poly([...ok, [38500000, 3800000]])))).toContain('不是经纬度（可能是投影坐标）');
    expect(refusal(() => checkBoundary('a.json', poly([[113, 34], [113.1, 34]])))).toContain('构不成面');
    expect(refusal(() => checkBoundary('a.json', poly([...ok, [1]])))).toContain('不是 [经度, 纬度]');
  });

  it('a 25 MB string is refused before it is parsed', () => {
    const huge = '{' + ' '.repeat(25 * 1024 * 1024) + '}';
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((...a: Parameters<typeof parse>) => { parsed++; return parse(...a); }) as typeof JSON.parse;
    try {
      const msg = refusal(() => readBoundaryText('巨大.geojson', huge));
      expect(msg).toContain('“巨大.geojson”');
      expect(msg).toContain('25 MB');
      expect(msg).toContain(`上限 ${MAX_GEOJSON_BYTES / 1024 / 1024} MB`);
    } finally {
      JSON.parse = parse;
    }
    expect(parsed).toBe(0);
    expect(refusal(() => readBoundaryBytes('巨大.geojson', new Uint8Array(MAX_GEOJSON_BYTES + 1)))).toContain('超过乡镇边界文件的上限 20 MB');
  });
});
