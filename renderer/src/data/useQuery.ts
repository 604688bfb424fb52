import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Row } from '../../../shared/db.ts';
import { useCoordinator } from './context.ts';

export interface QueryState<T> {
  data: T | null;
  error: Error | null;
  /** True only once a query has run for longer than the spinner threshold. */
  slow: boolean;
  loading: boolean;
}

const SPINNER_AFTER_MS = 150;

/**
 * A view declares the SQL it needs; this runs it through the coordinator, re-runs it
 * when the SQL or the data changes, and drops results of superseded queries.
 */
export function useQuery<T>(sql: string | null, read: (rows: Row[]) => T): QueryState<T> {
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
    setState((s) => ({ ...s, loading: true, error: null }));
    const timer = setTimeout(() => current && setState((s) => ({ ...s, slow: true })), SPINNER_AFTER_MS);
    coordinator
      .query(sql)
      .then((rows) => current && setState({ data: read(rows), error: null, slow: false, loading: false }))
      .catch((error: Error) => current && setState({ data: null, error, slow: false, loading: false }))
      .finally(() => clearTimeout(timer));
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `read` is a pure function of rows; re-running on its identity would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sql, version, coordinator]);

  return state;
}
