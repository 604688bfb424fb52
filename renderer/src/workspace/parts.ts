/**
 * Workspace parts: the pieces of renderer state a workspace file carries besides the
 * data tables (saved pivot views, briefings, column mappings, settings). Each owner
 * registers a part at module load; the workspace saver asks every part for plain JSON
 * and the opener hands each part its JSON back (or undefined when the file has none).
 * A part must accept JSON from older files: validate, never trust.
 */
export interface WorkspacePart {
  /** Stable key inside the workspace file, e.g. 'pivot-views'. */
  key: string;
  /** Plain JSON of the current state. */
  save(): unknown;
  /** Replaces the current state; `undefined` means the workspace has none (reset to empty). */
  restore(json: unknown): void;
  /** Subscribes to changes (marks the workspace dirty); returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

const parts = new Map<string, WorkspacePart>();

export function registerWorkspacePart(part: WorkspacePart): void {
  parts.set(part.key, part);
  for (const l of registrations) l(part);
}

export function workspaceParts(): WorkspacePart[] {
  return [...parts.values()];
}

const registrations = new Set<(part: WorkspacePart) => void>();

/** Hears about parts registered later (modules loaded on demand); returns an unsubscribe function. */
export function onPartRegistered(listener: (part: WorkspacePart) => void): () => void {
  registrations.add(listener);
  return () => registrations.delete(listener);
}
