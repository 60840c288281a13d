import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider, type InitialEntry } from 'react-router';
import { ApiClient } from '../api/client';
import type { User } from '../api/types';
import { AppProviders } from '../app/providers';
import { routes } from '../app/routes';
import { createFetchMock, type Routes } from './fetchMock';
import { FakeSocket } from './fakeSocket';
import { baseRoutes, session } from './fixtures';

const clients = new Set<ApiClient>();

export function disposeClients(): void {
  for (const client of clients) client.dispose();
  clients.clear();
}

export function createTestClient(fetchImpl: typeof fetch, options: ConstructorParameters<typeof ApiClient>[0] = {}) {
  const client = new ApiClient({ fetch: fetchImpl, locks: null, channel: null, ...options });
  clients.add(client);
  return client;
}

export interface RenderAppOptions {
  /** Signed in as this user (token in memory), or signed out when omitted. */
  user?: User;
  routes?: Routes;
}

/** Renders the whole app at `path` (or a location with state), with the API answered by a fetch stub and a fake socket. */
export function renderApp(path: InitialEntry, options: RenderAppOptions = {}) {
  const mock = createFetchMock({ ...baseRoutes(), ...options.routes });
  const client = createTestClient(mock.fetch);
  if (options.user) client.startSession(session(options.user));
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  const socket = new FakeSocket();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(
    <AppProviders client={client} queryClient={queryClient} socketFactory={(getToken) => {
        socket.getToken = getToken;
        return socket;
      }}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, mock, client, queryClient, socket, router, user };
}
