import { QueryClient } from '@tanstack/react-query';
import { ApiError, NETWORK_ERROR } from '../api/errors';

/** Retries only what may succeed on a second try: network errors and 5xx other than 503. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiError)) return false;
  if (error.code === NETWORK_ERROR) return true;
  return error.status >= 500 && error.status !== 503;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
