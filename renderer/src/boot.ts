/**
 * Start-up: boot the engine, load the bundled sample county, pick the latest period.
 * Reports each step so the first screen is never blank.
 */
import sampleUrl from '../../datasets/sample-county.csv?url';
import { listPeriods } from '../../shared/engine.ts';
import { loadNormalizedCsv } from '../../shared/load.ts';
import { Coordinator } from './data/coordinator.ts';
import { openBrowserDuckDB } from './data/duckdb-browser.ts';
import { filterStore } from './state/filter-store.ts';
import { attachTownshipOrder } from './state/township-order-store.ts';

export type BootStep =
  | { step: 'engine'; progress: number | null }
  | { step: 'sample' };

export const SAMPLE_DATASET = { dataset_id: 'sample', name: '示例数据（虚构县）', source: 'sample-county.csv', is_sample: true };

let started: Promise<Coordinator> | null = null;
const reporters = new Set<(s: BootStep) => void>();

/** Boots once per page, however often it is asked (React's StrictMode mounts twice in development). */
export function boot(report: (s: BootStep) => void): Promise<Coordinator> {
  reporters.add(report);
  started ??= run((s) => reporters.forEach((r) => r(s)));
  return started;
}

async function run(report: (s: BootStep) => void): Promise<Coordinator> {
  report({ step: 'engine', progress: null });
  const db = await openBrowserDuckDB((p) => report({ step: 'engine', progress: p.total > 0 ? p.loaded / p.total : null }));
  const coordinator = new Coordinator(db);
  attachTownshipOrder(coordinator);
  report({ step: 'sample' });
  await loadSample(coordinator);
  await followPeriods(coordinator);
  coordinator.subscribe(() => void followPeriods(coordinator));
  return coordinator;
}

/**
 * Load the bundled sample county (at start, and from 工作区 ▾ 载入示例数据). The file is
 * bundled with the app, so this never leaves the machine.
 */
export async function loadSample(coordinator: Coordinator): Promise<number> {
  const response = await fetch(sampleUrl);
  if (!response.ok) throw new Error(`示例数据读取失败（HTTP ${response.status}）`);
  const text = await response.text();
  return coordinator.mutate((d) => loadNormalizedCsv(d, SAMPLE_DATASET, text));
}

/**
 * Keep the selected period meaningful after every data change: when it has no ratings
 * any more (dataset removed, new import elsewhere in time), select the latest period.
 */
async function followPeriods(coordinator: Coordinator): Promise<void> {
  const periods = await listPeriods(coordinator.db);
  const current = filterStore.get().period;
  const present = current && periods.some((p) => p.year === current.year && p.quarter === current.quarter);
  if (!present) filterStore.set({ period: periods.at(-1) ?? null });
}
