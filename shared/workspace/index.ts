/** Workspaces (.xingtu): see format.ts for the file layout. */
export * from './format.ts';
export { exportWorkspace, tableColumns, type WorkspaceMeta } from './write.ts';
export { readWorkspace, inspectArrowStream, type ReadOptions } from './read.ts';
export {
  restoreWorkspace, mergeWorkspaces, clearWorkspace,
  type RestoreResult, type MergeOptions, type MergeResult, type UnitConflict, type UnitVariant,
} from './restore.ts';
