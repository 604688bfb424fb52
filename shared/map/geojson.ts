/**
 * 乡镇边界 (issue 17): a township boundary file the user supplies (GeoJSON, nothing is fetched),
 * read as untrusted input and matched to the loaded townships. A file over the limits below, not
 * JSON, not a FeatureCollection of polygons, or with coordinates that are not finite longitudes and
 * latitudes is refused with a Chinese message naming the file and saying what to do. Features that
 * are not polygons are skipped with a note. Each kept shape is named after its township, found in
 * the usual properties (name, 乡镇名称, XZMC, …) and written the one way the import writes
 * township names (shared/import/normalize.ts normalizeName); features with the same name (a
 * township drawn in parts) become one shape.
 *
 * The same checker reads the file a user picks and the copy a workspace carries (the 'map' part).
 */
import { formatBytes, formatCount } from '../limits.ts';
import { normalizeName } from '../import/normalize.ts';

/** Largest boundary file read, in bytes (a county's townships simplified for a map are well under 5 MB). */
export const MAX_GEOJSON_BYTES = 20 * 1024 * 1024;
/** Most features one file may have (a county has 10–30 townships; a city a few hundred). */
export const MAX_FEATURES = 2000;
/** Most coordinate pairs in the whole file. */
export const MAX_POSITIONS = 1_000_000;
/** Most rings (outer boundaries and holes) in one feature. */
export const MAX_RINGS = 10_000;
/** Longest name kept. */
const MAX_NAME = 60;

export type Position = [number, number];
/** A polygon: its outer ring, then its holes. */
export type Polygon = Position[][];

/** One township's shape. */
export interface BoundaryShape {
  /** The township name as the file writes it, normalised (or 未命名区域N). */
  name: string;
  /** True when the file gave the feature no usable name. */
  unnamed?: boolean;
  polygons: Polygon[];
}

export interface BoundaryFile {
  fileName: string;
  shapes: BoundaryShape[];
  /** Features skipped while reading (not polygons), in Chinese. */
  notes: string[];
}

/** A file refused: the message says which file, what is wrong and what to do. */
export class BoundaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryError';
  }
}

/** Properties that name a township, in the order they are tried; then any key containing 名称/乡镇/name. */
export const NAME_PROPERTIES = [
  'name', 'NAME', 'Name', '乡镇', '乡镇名称', '乡镇名', '乡镇街道', '乡镇(街道)', '乡镇（街道）', '名称',
  'XZMC', 'xzmc', 'XZQMC', 'xzqmc', 'XZQHMC', 'NAME_CHN', 'township', 'TOWNSHIP', 'Township', 'MC', 'mc',
];

const HINT = '请在 GIS 软件（如 QGIS、mapshaper）中将乡镇边界导出为 GeoJSON（经纬度坐标，WGS84 或 CGCS2000），每个乡镇一个面要素，属性中含乡镇名称';

const refuse = (file: string, what: string, todo = HINT) => new BoundaryError(`无法读取乡镇边界文件“${file}”：${what}。${todo}。`);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null && !Array.isArray(v);
const clean = (s: string) => normalizeName(s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')).slice(0, MAX_NAME);

/** The township name a feature's properties give, or null. */
export function featureName(properties: unknown): string | null {
  if (!isObj(properties)) return null;
  const usable = (v: unknown) => {
    if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
    if (typeof v !== 'string') return null;
    const t = clean(v);
    return t ? t : null;
  };
  for (const key of NAME_PROPERTIES) {
    const t = usable(properties[key]);
    if (t) return t;
  }
  for (const [key, v] of Object.entries(properties)) {
    if (/名称|乡镇|^name|name$/i.test(key)) {
      const t = usable(v);
      if (t) return t;
    }
  }
  return null;
}

/** Bytes to text: UTF-8 (a BOM is dropped), else GB18030 as Chinese GIS tools often write. */
export function decodeBoundary(fileName: string, bytes: Uint8Array): string {
  if (bytes.length > MAX_GEOJSON_BYTES) throw tooBig(fileName, bytes.length);
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    try {
      return new TextDecoder('gb18030').decode(body);
    } catch {
      throw refuse(fileName, '文件编码无法识别');
    }
  }
}

/** Throws when a file of this many bytes is over the limit: checked before a picked file is read. */
export function checkBoundarySize(fileName: string, size: number): void {
  if (size > MAX_GEOJSON_BYTES) throw tooBig(fileName, size);
}

function tooBig(fileName: string, size: number): BoundaryError {
  return refuse(fileName, `文件有 ${formatBytes(size)}，超过乡镇边界文件的上限 ${formatBytes(MAX_GEOJSON_BYTES)}`,
    '请在 mapshaper 等软件中简化边界（保留 5%–10% 的顶点即可满足乡镇地图）后再导入');
}

/** A boundary file's bytes, checked and read. */
export function readBoundaryBytes(fileName: string, bytes: Uint8Array): BoundaryFile {
  return readBoundaryText(fileName, decodeBoundary(fileName, bytes));
}

/** A boundary file's text, checked and read. The size is checked before anything is parsed. */
export function readBoundaryText(fileName: string, text: string): BoundaryFile {
  // A UTF-16 code unit is at least one byte: a longer string cannot be a file under the limit.
  if (text.length > MAX_GEOJSON_BYTES) throw tooBig(fileName, text.length);
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw refuse(fileName, '文件不是 JSON 格式（GeoJSON 是一种 JSON 文本；Shapefile、KML 等格式需先转换）');
  }
  return checkBoundary(fileName, json);
}

interface Budget { positions: number }

/** A GeoJSON value (already parsed, e.g. from a workspace) checked and read. */
export function checkBoundary(fileName: string, json: unknown): BoundaryFile {
  if (!isObj(json)) throw refuse(fileName, '文件内容不是 GeoJSON 对象');
  let features: unknown[];
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) throw refuse(fileName, 'FeatureCollection 中没有 features 列表');
    features = json.features;
  } else if (json.type === 'Feature') {
    features = [json];
  } else {
    const type = typeof json.type === 'string' ? `“${clean(json.type)}”` : '未注明';
    throw refuse(fileName, `GeoJSON 类型为${type}，需要 FeatureCollection（乡镇面要素的集合）`);
  }
  if (features.length > MAX_FEATURES) {
    throw refuse(fileName, `有 ${formatCount(features.length)} 个要素，超过上限 ${formatCount(MAX_FEATURES)} 个`, '请只保留本县（市、区）各乡镇（街道）的边界后再导入');
  }
  const budget: Budget = { positions: 0 };
  const byName = new Map<string, BoundaryShape>();
  const notes: string[] = [];
  let skipped = 0;
  features.forEach((f, i) => {
    const where = `第 ${i + 1} 个要素`;
    if (!isObj(f) || f.type !== 'Feature') throw refuse(fileName, `${where}不是 GeoJSON Feature`);
    const name = featureName(f.properties);
    const label = name ? `${where}（${name}）` : where;
    const polygons = readGeometry(fileName, label, f.geometry, budget);
    if (!polygons) {
      skipped++;
      if (skipped <= 5) {
        const g = f.geometry;
        const type = isObj(g) && typeof g.type === 'string' ? clean(g.type) : '无几何';
        notes.push(`${label}不是面（${type}），已跳过`);
      }
      return;
    }
    const key = name ?? `未命名区域${i + 1}`;
    const shape = byName.get(key);
    if (shape) shape.polygons.push(...polygons);
    else byName.set(key, { name: key, ...(name ? {} : { unnamed: true }), polygons });
  });
  if (skipped > 5) notes.push(`另有 ${skipped - 5} 个要素不是面，已跳过`);
  if (byName.size === 0) throw refuse(fileName, '文件中没有面要素（Polygon 或 MultiPolygon）');
  return { fileName: clean(fileName) || '乡镇边界', shapes: [...byName.values()], notes };
}

/** The feature's polygons, null when it is not a (Multi)Polygon; throws on damaged coordinates. */
function readGeometry(file: string, label: string, g: unknown, budget: Budget): Polygon[] | null {
  if (!isObj(g)) return null;
  if (g.type === 'Polygon') return [readPolygon(file, label, g.coordinates, budget, { rings: 0 })];
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates)) throw refuse(file, `${label}的坐标不是数组`);
    const count = { rings: 0 };
    const out = g.coordinates.map((p) => readPolygon(file, label, p, budget, count));
    if (out.length === 0) throw refuse(file, `${label}没有坐标`);
    return out;
  }
  return null;
}

function readPolygon(file: string, label: string, p: unknown, budget: Budget, count: { rings: number }): Polygon {
  if (!Array.isArray(p) || p.length === 0) throw refuse(file, `${label}的面坐标不是环的数组`);
  count.rings += p.length;
  if (count.rings > MAX_RINGS) throw refuse(file, `${label}有超过 ${formatCount(MAX_RINGS)} 个环`, '请简化边界后再导入');
  return p.map((ring) => readRing(file, label, ring, budget));
}

function readRing(file: string, label: string, ring: unknown, budget: Budget): Position[] {
  if (!Array.isArray(ring)) throw refuse(file, `${label}的环不是坐标数组`);
  budget.positions += ring.length;
  if (budget.positions > MAX_POSITIONS) {
    throw refuse(file, `坐标点超过 ${formatCount(MAX_POSITIONS)} 个`, '请在 mapshaper 等软件中简化边界（保留 5%–10% 的顶点即可满足乡镇地图）后再导入');
  }
  if (ring.length < 3) throw refuse(file, `${label}有一个环只有 ${ring.length} 个点，构不成面`);
  const out: Position[] = new Array(ring.length);
  for (let i = 0; i < ring.length; i++) {
    const pos = ring[i];
    if (!Array.isArray(pos) || pos.length < 2 || pos.length > 4) throw refuse(file, `${label}有一个坐标不是 [经度, 纬度]`);
    const [x, y] = pos;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw refuse(file, `${label}有一个坐标不是有限的数字`);
    }
    if (x < -180 || x > 180 || y < -90 || y > 90) {
      throw refuse(file, `${label}的坐标 [${x}, ${y}] 不是经纬度（可能是投影坐标）`,
        '请在 GIS 软件中将边界转换为经纬度坐标（WGS84 或 CGCS2000 地理坐标）后导出为 GeoJSON');
    }
    out[i] = [x, y];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Matching shapes to townships

/** 街道办事处 / 街道办 are the same township as 街道. */
const tolerant = (name: string) => name.replace(/街道办事处$|街道办$/, '街道');

export interface BoundaryMatch {
  /** Shape name → the township it draws. */
  township: Map<string, string>;
  /** Shapes no loaded township matches (their names, in file order). */
  unmatchedShapes: string[];
  /** Loaded townships no shape draws. */
  missingTownships: string[];
}

/**
 * Shapes matched to township names: the same name once both are written the import's way
 * (normalizeName), else the same name reading 街道办事处 / 街道办 as 街道, when only one
 * township and one shape fit. No other suffix is dropped (石门乡 and 石门镇 may both exist).
 */
export function matchTownships(shapes: readonly string[], townships: readonly string[]): BoundaryMatch {
  const township = new Map<string, string>();
  const taken = new Set<string>();
  const wanted = new Map<string, string>();
  for (const t of townships) wanted.set(normalizeName(t), t);
  for (const s of shapes) {
    const t = wanted.get(normalizeName(s));
    if (t != null && !taken.has(t)) {
      township.set(s, t);
      taken.add(t);
    }
  }
  const loose = (names: readonly string[], normal: (n: string) => string) => {
    const by = new Map<string, string[]>();
    for (const n of names) by.set(tolerant(normal(n)), [...(by.get(tolerant(normal(n))) ?? []), n]);
    return by;
  };
  const leftShapes = loose(shapes.filter((s) => !township.has(s)), normalizeName);
  const leftTownships = loose(townships.filter((t) => !taken.has(t)), normalizeName);
  for (const [key, ss] of leftShapes) {
    const ts = leftTownships.get(key);
    if (ss.length === 1 && ts?.length === 1) {
      township.set(ss[0], ts[0]);
      taken.add(ts[0]);
    }
  }
  return {
    township,
    unmatchedShapes: shapes.filter((s) => !township.has(s)),
    missingTownships: townships.filter((t) => !taken.has(t)),
  };
}

/** "A、B、C等12个" for notes: a long list named in part. */
export function nameList(names: readonly string[], shown = 8): string {
  if (names.length <= shown) return names.join('、');
  return `${names.slice(0, shown).join('、')}等 ${names.length} 个`;
}

/** The note under the map: which shapes matched no township, which townships have no shape. */
export function matchNote(match: BoundaryMatch): string {
  const parts: string[] = [];
  if (match.unmatchedShapes.length) parts.push(`边界文件中的${nameList(match.unmatchedShapes)}未对应到已导入的乡镇，显示为灰色`);
  if (match.missingTownships.length) parts.push(`${nameList(match.missingTownships)}在边界文件中没有边界，不在地图上显示`);
  return parts.length ? `注：${parts.join('；')}。` : '';
}

/**
 * The FeatureCollection handed to ECharts' registerMap: one feature per shape, its `name` the
 * township it draws (so the series data, keyed by township, colours it) or its own name.
 */
export function mapGeoJson(boundary: BoundaryFile, match?: BoundaryMatch) {
  return {
    type: 'FeatureCollection' as const,
    features: boundary.shapes.map((s) => ({
      type: 'Feature' as const,
      properties: { name: match?.township.get(s.name) ?? s.name },
      geometry: { type: 'MultiPolygon' as const, coordinates: s.polygons },
    })),
  };
}

/** Longitude / latitude bounds of every shape: [minX, minY, maxX, maxY]. */
export function boundaryBounds(boundary: BoundaryFile): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const s of boundary.shapes) for (const p of s.polygons) for (const [x, y] of p[0] ?? []) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** How much narrower a degree of longitude is than one of latitude at the map's middle (ECharts' aspectScale). */
export function aspectScale(boundary: BoundaryFile): number {
  const [, y0, , y1] = boundaryBounds(boundary);
  const mid = ((y0 + y1) / 2) * (Math.PI / 180);
  return Number.isFinite(mid) ? Math.max(0.2, Math.cos(mid)) : 0.75;
}

// ---------------------------------------------------------------------------------------------
// The workspace part 'map'

export const MAP_PART_VERSION = 1;

/** The 'map' part: `{ version: 1, fileName, geojson }`, or null when no boundary is loaded. */
export function boundaryPartJson(boundary: BoundaryFile | null): { version: number; fileName: string; geojson: unknown } | null {
  if (!boundary) return null;
  return { version: MAP_PART_VERSION, fileName: boundary.fileName, geojson: mapGeoJson(boundary) };
}

/** The 'map' part from a workspace, checked as a user's file is; null (with a notice) when unusable. */
export function checkBoundaryPart(json: unknown): { value: BoundaryFile | null; notices: string[] } {
  if (json == null) return { value: null, notices: [] };
  const fileName = isObj(json) && typeof json.fileName === 'string' ? clean(json.fileName) || '乡镇边界' : '乡镇边界';
  try {
    if (!isObj(json)) throw new BoundaryError('不是对象');
    return { value: checkBoundary(fileName, json.geojson), notices: [] };
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/。$/, '');
    return { value: null, notices: [`已忽略工作区中的乡镇边界：${why}`] };
  }
}
