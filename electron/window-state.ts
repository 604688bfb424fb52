// Remembers the main window's size, position and maximized state in
// window-state.json (app data folder). The file is validated on read, and the
// bounds are fitted to a display that exists now: a monitor may have been
// unplugged or the resolution lowered since the last run.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from './atomic-write';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent when the window should be centred by the OS. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The part of Electron's `screen` module used here. */
export interface ScreenLike {
  getDisplayMatching(rect: Rect): { workArea: Rect };
  getPrimaryDisplay(): { workArea: Rect };
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1366, height: 768, maximized: false };
export const MIN_WINDOW_SIZE = { width: 1024, height: 640 } as const;
const MAX_COORD = 100_000;
const MAX_SIZE = 20_000;

export function windowStateFile(userData: string): string {
  return path.join(userData, 'window-state.json');
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Returns a valid state or null; never throws. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (!isInt(r.width, 100, MAX_SIZE) || !isInt(r.height, 100, MAX_SIZE)) return null;
  if (typeof r.maximized !== 'boolean') return null;
  const state: WindowState = { width: r.width, height: r.height, maximized: r.maximized };
  if (r.x !== undefined || r.y !== undefined) {
    if (!isInt(r.x, -MAX_COORD, MAX_COORD) || !isInt(r.y, -MAX_COORD, MAX_COORD)) return null;
    state.x = r.x;
    state.y = r.y;
  }
  return state;
}

/**
 * Fits a saved state (or the defaults) onto the current displays: the size is at
 * most the work area of the display the window mostly overlaps (or the nearest
 * one), and the position is moved so the whole window is inside that work area.
 */
export function fitToScreen(state: WindowState | null, screen: ScreenLike): WindowState {
  const wanted = state ?? DEFAULT_WINDOW_STATE;
  const hasPosition = wanted.x !== undefined && wanted.y !== undefined;
  const area = hasPosition
    ? screen.getDisplayMatching({ x: wanted.x!, y: wanted.y!, width: wanted.width, height: wanted.height }).workArea
    : screen.getPrimaryDisplay().workArea;

  const width = Math.min(Math.max(wanted.width, MIN_WINDOW_SIZE.width), area.width);
  const height = Math.min(Math.max(wanted.height, MIN_WINDOW_SIZE.height), area.height);
  const fitted: WindowState = { width, height, maximized: wanted.maximized };
  if (hasPosition) {
    fitted.x = Math.min(Math.max(wanted.x!, area.x), area.x + area.width - width);
    fitted.y = Math.min(Math.max(wanted.y!, area.y), area.y + area.height - height);
  }
  return fitted;
}

export async function readWindowState(file: string, screen: ScreenLike): Promise<WindowState> {
  let saved: WindowState | null = null;
  try {
    const text = await readFile(file, 'utf8');
    if (text.length < 10_000) saved = parseWindowState(JSON.parse(text));
  } catch {
    saved = null; // missing or corrupt: use the defaults
  }
  return fitToScreen(saved, screen);
}

export async function writeWindowState(file: string, state: WindowState): Promise<void> {
  const clean = parseWindowState(state);
  if (!clean) return; // e.g. a minimised window reporting odd bounds: keep the last good state
  await mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, new TextEncoder().encode(JSON.stringify({ version: 1, ...clean }, null, 2)));
}
