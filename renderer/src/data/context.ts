import { createContext, useContext } from 'react';
import type { Coordinator } from './coordinator.ts';

export const CoordinatorContext = createContext<Coordinator | null>(null);

export function useCoordinator(): Coordinator {
  const c = useContext(CoordinatorContext);
  if (!c) throw new Error('Coordinator missing: views must render inside <CoordinatorContext.Provider>');
  return c;
}
