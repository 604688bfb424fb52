// Checks electron-builder.yml: offline-safe (no publish/auto-update), the agreed
// targets, and that electron-builder's own schema accepts it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// js-yaml and app-builder-lib come with electron-builder; loaded via require to
// avoid needing their type packages.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

interface TargetEntry {
  target: string;
  arch?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources?: string };
  files: string[];
  asar: boolean;
  extraMetadata: { main: string };
  publish?: unknown;
  electronDist?: unknown;
  win: { target: TargetEntry[]; icon?: string; publish?: unknown };
  linux: { target: TargetEntry[]; category: string; maintainer: string; icon?: string; publish?: unknown };
  nsis: { oneClick: boolean; allowToChangeInstallationDirectory: boolean; language: string; artifactName?: string };
  portable?: { artifactName?: string };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function targets(entries: TargetEntry[]): Map<string, string[]> {
  return new Map(entries.map((t) => [t.target, t.arch ?? []]));
}

describe('electron-builder.yml', () => {
  it('identifies the app', () => {
    expect(config.appId).toBe('cn.xingtu.workbench');
    expect(config.productName).toBe('星图');
    expect(config.directories.output).toBe('release');
  });

  it('never publishes or auto-updates', () => {
    expect(config).toHaveProperty('publish');
    expect(config.publish).toBeNull();
  });

  it('packages only the built renderer, the electron bundles and package.json, in an asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**', 'package.json']));
    expect(config.files.filter((f) => !f.startsWith('!'))).toHaveLength(3);
    expect(config.asar).toBe(true);
    expect(config.extraMetadata.main).toBe('dist-electron/main.cjs');
  });

  it('builds nsis + portable for Windows x64', () => {
    const win = targets(config.win.target);
    expect([...win.keys()].sort()).toEqual(['nsis', 'portable']);
    expect(win.get('nsis')).toEqual(['x64']);
    expect(win.get('portable')).toEqual(['x64']);
    // Both produce .exe: they need distinct names or one overwrites the other.
    expect(config.nsis.artifactName).toBeTruthy();
    expect(config.portable?.artifactName).toBeTruthy();
    expect(config.nsis.artifactName).not.toBe(config.portable?.artifactName);
  });

  it('builds deb + AppImage for Linux x64 and arm64', () => {
    const linux = targets(config.linux.target);
    expect([...linux.keys()].sort()).toEqual(['AppImage', 'deb']);
    for (const arch of linux.values()) expect(arch).toEqual(expect.arrayContaining(['x64', 'arm64']));
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('uses an interactive zh_CN NSIS installer', () => {
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(true);
    expect(String(config.nsis.language)).toBe('2052');
  });

  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // Sanity check that the validator is strict, so the assertion above means something.
    await expect(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });
});

// ---------- icons ----------

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixel(x: number, y: number): [number, number, number, number];
}

/** Minimal PNG reader for what build/make-icon.mjs writes: 8-bit RGBA, filter 0 rows. */
function readPng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      colorType = data[9]!;
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  expect(raw.length).toBe(stride * height);
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0);
  return {
    width,
    height,
    colorType,
    pixel: (x, y) => {
      const o = y * stride + 1 + x * 4;
      return [raw[o]!, raw[o + 1]!, raw[o + 2]!, raw[o + 3]!];
    },
  };
}

/** Entries of a .ico file, each with its embedded PNG. */
function readIco(bytes: Buffer): { size: number; png: Buffer }[] {
  expect(bytes.readUInt16LE(0)).toBe(0);
  expect(bytes.readUInt16LE(2)).toBe(1);
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + i * 16;
    const size = bytes[e] === 0 ? 256 : bytes[e]!;
    const length = bytes.readUInt32LE(e + 8);
    const start = bytes.readUInt32LE(e + 12);
    return { size, png: bytes.subarray(start, start + length) };
  });
}

const RED: [number, number, number, number] = [0xc8, 0x10, 0x2e, 255];
const WHITE: [number, number, number, number] = [255, 255, 255, 255];

describe('icons', () => {
  it('are configured for Windows and Linux and exist in build/', () => {
    expect(config.directories.buildResources).toBe('build');
    expect(config.win.icon).toBe('build/icon.ico');
    expect(config.linux.icon).toBe('build/icon.png');
    expect(existsSync(path.join(root, 'build/icon.ico'))).toBe(true);
    expect(existsSync(path.join(root, 'build/icon.png'))).toBe(true);
    expect(existsSync(path.join(root, 'build/make-icon.mjs'))).toBe(true);
  });

  it('icon.png is a 512×512 RGBA red square with a white star', () => {
    const png = readPng(readFileSync(path.join(root, 'build/icon.png')));
    expect([png.width, png.height, png.colorType]).toEqual([512, 512, 6]);
    for (const [x, y] of [[0, 0], [511, 0], [0, 511], [511, 511], [30, 256], [256, 20]] as const) expect(png.pixel(x, y), `${x},${y}`).toEqual(RED);
    for (const [x, y] of [[256, 280], [256, 120], [140, 230], [372, 230]] as const) expect(png.pixel(x, y), `${x},${y}`).toEqual(WHITE);
  });

  it('icon.ico holds PNG images from 16 to 256 px (electron-builder needs 256)', () => {
    const entries = readIco(readFileSync(path.join(root, 'build/icon.ico')));
    expect(entries.map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, png } of entries) {
      const image = readPng(png);
      expect([image.width, image.height], String(size)).toEqual([size, size]);
      expect(image.pixel(0, 0)).toEqual(RED);
    }
  });

  it('are exactly what build/make-icon.mjs draws (no network, reproducible pixels)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'xingtu-icon-'));
    try {
      await promisify(execFile)(process.execPath, [path.join(root, 'build/make-icon.mjs'), '--out', out], { timeout: 60_000 });
      const fresh = readPng(readFileSync(path.join(out, 'icon.png')));
      const committed = readPng(readFileSync(path.join(root, 'build/icon.png')));
      for (let y = 0; y < 512; y += 7) {
        for (let x = 0; x < 512; x += 7) expect(fresh.pixel(x, y)).toEqual(committed.pixel(x, y));
      }
      expect(readIco(readFileSync(path.join(out, 'icon.ico'))).map((e) => e.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// ---------- offline, no auto-update ----------

describe('offline distribution', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    build?: unknown;
  };

  it('has no publish target anywhere and no updater in the app', () => {
    expect(config.win.publish).toBeUndefined();
    expect(config.linux.publish).toBeUndefined();
    expect(pkg.build).toBeUndefined(); // the yml is the only configuration
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('electron-updater');
    expect(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).not.toMatch(/electron-updater|autoUpdate|provider:/i);
  });

  it('pins Electron exactly enough to pre-fetch its zips', () => {
    expect(pkg.devDependencies?.electron).toMatch(/^\^?\d+\.\d+\.\d+$/);
  });

  it('documents the offline build (ELECTRON_BUILDER_CACHE, zips, SHASUMS256.txt, electronDist)', () => {
    const doc = readFileSync(path.join(root, 'docs/offline-build.md'), 'utf8');
    const version = pkg.devDependencies!.electron!.replace(/^\^/, '');
    for (const needle of [
      'ELECTRON_BUILDER_CACHE',
      'ELECTRON_CACHE',
      'electron_config_cache',
      'SHASUMS256.txt',
      'electronDist',
      '--dir',
      `electron-v${version}-win32-x64.zip`,
      `electron-v${version}-linux-x64.zip`,
      `electron-v${version}-linux-arm64.zip`,
      '离线',
    ]) {
      expect(doc, needle).toContain(needle);
    }
  });
});
