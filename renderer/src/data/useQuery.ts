import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Row } from '../../../shared/db.ts';
import type { AnalysisQuery } from '../../../shared/analysis/common.ts';
import type { Coordinator } from './coordinator.ts';
import { isAbortError } from '../../../shared/engine/index.ts';
import { useCoordinator } from './context.ts';

export interface QueryState<T> {
  data: T | null;
  error: Error | null;
  /** True only once a query has run for longer than the spinner threshold (views show a spinner then). */
  slow: boolean;
  loading: boolean;
}

/** A query answered within this time shows no spinner (no flicker on the fast path). */
export const SPINNER_AFTER_MS = 150;

/**
 * A view declares the SQL it needs; this runs it through the coordinator, re-runs it
 * when the SQL or the data changes, and gives up on superseded queries: their results
 * are dropped, and the coordinator cancels them in the engine when no other view waits
 * for the same SQL (a quick run through ten periods leaves one query, not ten, to run).
 */
export function useQuery<T>(sql: string | null, read: (rows: Row[]) => T): QueryState<T> {
  return useCoordinated(sql, (coordinator, signal) => coordinator.query(sql!, signal).then(read));
}

/** useQuery for an analysis query: read from columns where it has a column reader (Coordinator.run). */
export function useAnalysis<T>(q: AnalysisQuery<T> | null): QueryState<T> {
  return useCoordinated(q?.sql ?? null, (coordinator, signal) => coordinator.run(q!, signal));
}

/** Runs `run` whenever its SQL or the data changes; a null SQL runs nothing. */
function useCoordinated<T>(sql: string | null, run: (coordinator: Coordinator, signal: AbortSignal) => Promise<T>): QueryState<T> {
  const coordinator = useCoordinator();
  const version = useSyncExternalStore(
    (l) => coordinator.subscribe(l),
    () => coordinator.dataVersion,
  );
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null, slow: false, loading: sql != null });

  useEffect(() => {
    if (sql == null) {
      setState({ data: null, error: null, slow: false, loading: false });
      return;
    }
    let current = true;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    const timer = setTimeout(() => current && setState((s) => ({ ...s, slow: true })), SPINNER_AFTER_MS);
    run(coordinator, controller.signal)
      .then((data) => current && setState({ data, error: null, slow: false, loading: false }))
      .catch((error: Error) => {
        if (current && !isAbortError(error)) setState({ data: null, error, slow: false, loading: false });
      })
      .finally(() => clearTimeout(timer));
    return () => {
      current = false;
      clearTimeout(timer);
      controller.abort();
    };
    // `run` is a pure function of the SQL; re-running on its identity would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sql, version, coordinator]);

  return state;
}

/**
 * True once some query has been on its way for longer than the spinner threshold: views
 * keep showing their last answer while they re-query, and the status bar says it is working.
 */
export function useBusy(): boolean {
  const coordinator = useCoordinator();
  const busy = useSyncExternalStore((l) => coordinator.subscribeBusy(l), () => coordinator.busy);
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!busy) {
      setLate(false);
      return;
    }
    const timer = setTimeout(() => setLate(true), SPINNER_AFTER_MS);
    return () => clearTimeout(timer);
  }, [busy]);
  return busy && late;
}
