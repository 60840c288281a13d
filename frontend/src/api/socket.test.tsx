import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../test/fetchMock';
import { alice, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

describe('Live connection', () => {
  it('connects with the access token once signed in', async () => {
    const { socket } = renderApp('/help', { user: alice });
    expect(await screen.findByText('Live updates on')).toBeInTheDocument();
    expect(socket.tokensAtConnect).toEqual(['access-1']);
  });

  it('refreshes the token and reconnects when the handshake is refused as unauthorized', async () => {
    const { socket, mock } = renderApp('/help', {
      user: alice,
      routes: { 'POST /api/v1/auth/refresh': json(200, session(alice, 'access-2')) },
    });
    await screen.findByText('Live updates on');

    act(() => socket.serverEmit('connect_error', new Error('unauthorized')));

    await waitFor(() => expect(socket.tokensAtConnect).toEqual(['access-1', 'access-2']));
    expect(mock.callsTo('POST', '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('does not reconnect when the refresh is refused, and signs out', async () => {
    const { socket } = renderApp('/help', {
      user: alice,
      routes: { 'POST /api/v1/auth/refresh': apiError(401, 'UNAUTHENTICATED') },
    });
    await screen.findByText('Live updates on');

    act(() => socket.serverEmit('connect_error', new Error('unauthorized')));

    expect(await screen.findByRole('heading', { name: 'Sign in to MediaNest' })).toBeInTheDocument();
    expect(socket.connectCalls).toBe(1);
  });
});

describe('Server-side disconnects', () => {
  it('picks up a role change: refreshes (new user, new token) and reconnects', async () => {
    const { socket } = renderApp('/help', {
      user: alice,
      routes: { 'POST /api/v1/auth/refresh': json(200, session({ ...alice, role: 'admin' }, 'access-2')) },
    });
    await screen.findByText('Live updates on');
    expect(screen.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();

    act(() => socket.serverEmit('disconnect', 'io server disconnect'));

    await waitFor(() => expect(socket.tokensAtConnect).toEqual(['access-1', 'access-2']));
    expect(await screen.findByRole('link', { name: 'Admin' })).toBeInTheDocument();
  });
});
