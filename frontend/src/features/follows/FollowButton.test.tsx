import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fetchMock';
import { alice, makeResult } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const follow = { tmdbId: 1399, mediaType: 'tv', title: 'Game of Thrones (2011)', source: 'manual', createdAt: '2026-12-01T10:00:00.000Z', availableNotifiedAt: null };

describe('follow buttons and the following page', () => {
  it('follows a search result and unfollows it again', async () => {
    const { user, mock } = renderApp('/discover?q=thrones', {
      user: alice,
      routes: {
        'GET /api/v1/media/search': json(200, { results: [makeResult()], page: 1, totalPages: 1 }),
        'GET /api/v1/follows/tv/1399': apiError(404, 'NOT_FOUND'),
        'PUT /api/v1/follows/tv/1399': json(201, follow),
        'DELETE /api/v1/follows/tv/1399': json(204),
      },
    });
    const button = await screen.findByRole('button', { name: 'Notify me when Game of Thrones (2011) is available' });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    await user.click(button);
    const following = await screen.findByRole('button', { name: 'Following Game of Thrones (2011)' });
    expect(following).toHaveTextContent('Following');
    expect(mock.calls.find((c) => c.method === 'PUT')?.body).toEqual({ title: 'Game of Thrones (2011)' });
    await user.click(following);
    await screen.findByRole('button', { name: 'Notify me when Game of Thrones (2011) is available' });
    expect(mock.calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/follows/tv/1399')).toBe(true);
  });

  it('follows from a title page, and offers no follow for a movie already on the server', async () => {
    const details = (overrides: object) => ({
      ...makeResult({ tmdbId: 604, mediaType: 'movie', title: 'The Matrix Reloaded', year: 2003 }),
      releaseDate: '2003-05-15',
      genres: [],
      runtimeMinutes: 138,
      rating: 7,
      cast: [],
      trailerUrl: null,
      plexUrl: null,
      backdropUrl: null,
      libraryItemId: null,
      requestId: null,
      action: 'request',
      seasons: [],
      ...overrides,
    });
    const reloaded = { ...follow, tmdbId: 604, mediaType: 'movie', title: 'The Matrix Reloaded (2003)' };
    const { user, mock } = renderApp('/title/movie/604', {
      user: alice,
      routes: {
        'GET /api/v1/media/movie/604': json(200, details({})),
        'GET /api/v1/follows/movie/604': apiError(404, 'NOT_FOUND'),
        'PUT /api/v1/follows/movie/604': json(201, reloaded),
      },
    });
    await screen.findByRole('heading', { name: 'The Matrix Reloaded (2003)', level: 1 });
    await user.click(await screen.findByRole('button', { name: 'Notify me when The Matrix Reloaded (2003) is available' }));
    expect(await screen.findByRole('button', { name: 'Following The Matrix Reloaded (2003)' })).toHaveAttribute('aria-pressed', 'true');
    expect(mock.callsTo('PUT', '/api/v1/follows/movie/604')[0]?.body).toEqual({ title: 'The Matrix Reloaded (2003)' });

    renderApp('/title/movie/603', { user: alice, routes: { 'GET /api/v1/media/movie/603': json(200, details({ tmdbId: 603, title: 'The Matrix', year: 1999, status: 'available', action: 'available' })) } });
    await screen.findByRole('heading', { name: 'The Matrix (1999)', level: 1 });
    expect(screen.queryByRole('button', { name: /Notify me when The Matrix \(1999\)/ })).not.toBeInTheDocument();
  });

  it('lists followed titles', async () => {
    renderApp('/following', {
      user: alice,
      routes: {
        'GET /api/v1/follows': json(200, { items: [{ ...follow, source: 'request' }], total: 1, page: 1, pageSize: 50 }),
        'GET /api/v1/follows/tv/1399': json(200, follow),
      },
    });
    const list = await screen.findByRole('list');
    await within(list).findByText('Game of Thrones (2011)');
    expect(within(list).getByText(/followed with your request/)).toBeInTheDocument();
  });

  it('turns a channel on for a kind in the notification settings', async () => {
    const settings = {
      preferences: { request: ['inApp'], followed: ['inApp'], episodes: ['inApp'], service: ['inApp'], announcement: ['inApp'], digest: ['inApp'] },
      targets: { discord: null, ntfy: null, gotify: null },
      digestOptOut: false,
      email: { available: true },
      push: { subscriptions: 0 },
    };
    const { user, mock } = renderApp('/notifications/settings', {
      user: alice,
      routes: {
        'GET /api/v1/notifications/settings': json(200, settings),
        'PUT /api/v1/notifications/settings': (call) => json(200, { ...settings, preferences: { ...settings.preferences, ...(call.body as { preferences: object }).preferences } }),
      },
    });
    const box = await screen.findByRole('checkbox', { name: 'Followed titles available by Email' });
    expect(box).not.toBeChecked();
    expect(screen.queryByRole('checkbox', { name: /Service problems/ })).toBeNull();
    await user.click(box);
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Followed titles available by Email' })).toBeChecked());
    expect(mock.calls.find((c) => c.method === 'PUT')?.body).toEqual({ preferences: { followed: ['inApp', 'email'] } });
  });
});
