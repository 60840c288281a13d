import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient, AuthSnapshot } from './client';
import { createEndpoints, type Endpoints } from './endpoints';

interface ApiContextValue {
  client: ApiClient;
  api: Endpoints;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const value = useMemo(() => ({ client, api: createEndpoints(client) }), [client]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>');
  return value;
}

/** The typed endpoints. */
export function useApi(): Endpoints {
  return useApiContext().api;
}

export function useApiClient(): ApiClient {
  return useApiContext().client;
}

/** The current session: status, user and why it last ended. */
export function useAuth(): AuthSnapshot {
  const client = useApiClient();
  return useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot);
}
