// Checks electron-builder.yml: offline-safe (no publish/auto-update), the agreed
// targets, and that electron-builder's own schema accepts it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  directories: { output: string };
  files: string[];
  asar: boolean;
  extraMetadata: { main: string };
  publish?: unknown;
  electronDist?: unknown;
  win: { target: TargetEntry[] };
  linux: { target: TargetEntry[]; category: string; maintainer: string };
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
