import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiClient } from '../api/client';
import { ApiProvider, useApiClient, useAuth } from '../api/context';
import { SocketProvider, type SocketFactory } from '../api/socket';
import { ToastProvider } from '../components/Toast';
import { ThemeProvider } from '../components/Theme';

/** Resumes the session on start-up and drops cached data when it ends. */
function SessionEffects() {
  const client = useApiClient();
  const { status } = useAuth();
  const queryClient = useQueryClient();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void client.restore();
  }, [client]);
  useEffect(() => {
    if (status === 'signedOut') queryClient.clear();
  }, [status, queryClient]);
  return null;
}

export function AppProviders({
  client,
  queryClient,
  socketFactory,
  children,
}: {
  client: ApiClient;
  queryClient: QueryClient;
  socketFactory?: SocketFactory;
  children: ReactNode;
}) {
  return (
    <ThemeProvider>
      <ApiProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <SessionEffects />
            <SocketProvider {...(socketFactory ? { factory: socketFactory } : {})}>{children}</SocketProvider>
          </ToastProvider>
        </QueryClientProvider>
      </ApiProvider>
    </ThemeProvider>
  );
}
