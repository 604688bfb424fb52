/**
 * 乡镇地图 (issue 17): the township boundary file the user loaded, registered as the workspace
 * part 'map' so a .xingtu file carries it (checked again on restore, as a picked file is:
 * shared/map/geojson.ts). Loading, replacing and removing it go on the app's undo stack.
 */
import { boundaryPartJson, checkBoundaryPart, type BoundaryFile } from '../../../shared/map/geojson.ts';
import { createStore, useStore } from './store.ts';
import { undoStore } from './undo.ts';
import { registerWorkspacePart } from '../workspace/parts.ts';
import { reportSpecNotices } from '../workspace/spec-notices.ts';

export interface MapState {
  boundary: BoundaryFile | null;
}

export const mapStore = createStore<MapState>({ boundary: null });

export function useMapState(): MapState {
  return useStore(mapStore);
}

/** Sets the boundary file (replacing any); Ctrl+Z puts the previous one back. */
export function putBoundary(boundary: BoundaryFile): void {
  const before = mapStore.get().boundary;
  mapStore.set({ boundary });
  undoStore.push({ label: `撤销导入乡镇边界“${boundary.fileName}”`, run: async () => mapStore.set({ boundary: before }) });
}

/** Removes the boundary file (the map is no longer offered); Ctrl+Z brings it back. */
export function removeBoundary(): void {
  const before = mapStore.get().boundary;
  if (!before) return;
  mapStore.set({ boundary: null });
  undoStore.push({ label: `撤销移除乡镇边界“${before.fileName}”`, run: async () => mapStore.set({ boundary: before }) });
}

registerWorkspacePart({
  key: 'map',
  save: () => boundaryPartJson(mapStore.get().boundary),
  restore(json) {
    const result = checkBoundaryPart(json);
    reportSpecNotices(result.notices);
    mapStore.set({ boundary: result.value });
  },
  subscribe: (listener) => mapStore.subscribe(listener),
});
