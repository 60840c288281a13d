import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FollowedTitle, Service } from '../../api/types';
import { json } from '../../test/fetchMock';
import { admin, alice, iso, services } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const followed = (overrides: Partial<FollowedTitle>): FollowedTitle => ({
  tmdbId: 1399,
  mediaType: 'tv',
  title: 'Game of Thrones',
  source: 'manual',
  createdAt: iso(60_000),
  availableNotifiedAt: null,
  posterUrl: 'https://image.tmdb.org/t/p/w500/got.jpg',
  state: 'processing',
  ...overrides,
});
const list = <T,>(items: T[]) => json(200, { items, total: items.length, page: 1, pageSize: 12 });

async function openDetails(user: ReturnType<typeof renderApp>['user']) {
  const toggle = await screen.findByRole('button', { name: 'Service details' });
  expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await user.click(toggle);
  expect(screen.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
}

describe('Dashboard', () => {
  it('leads with my latest requests, the titles I follow and what was recently added; service status is one line', async () => {
    renderApp('/', {
      user: alice,
      routes: {
        'GET /api/v1/follows': list([followed({}), followed({ tmdbId: 27205, mediaType: 'movie', title: 'Inception', posterUrl: null, state: 'available' })]),
      },
    });
    expect(await screen.findByRole('link', { name: /The Matrix/ })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: /Arrival/ })).toHaveAttribute('href', '/item/i-1');
    const follows = await screen.findByRole('list', { name: 'Titles you follow' });
    const got = within(follows).getByRole('link', { name: 'Game of Thrones' });
    expect(got).toHaveAttribute('href', '/title/tv/1399');
    expect(got.querySelector('img')).toHaveAttribute('src', 'https://image.tmdb.org/t/p/w500/got.jpg');
    expect(within(follows).getByText('Downloading')).toBeInTheDocument();
    expect(within(follows).getByRole('link', { name: 'Inception' })).toHaveAttribute('href', '/title/movie/27205');
    expect(within(follows).getByText('Available')).toBeInTheDocument();

    const sections = Array.from(document.querySelectorAll('main section[aria-label]')).map((s) => s.getAttribute('aria-label'));
    expect(sections).toEqual(['Your latest requests', 'Titles you follow', 'Recently added', 'Service status']);
    // One line, no tiles until asked.
    expect(screen.getByTestId('service-summary')).toHaveTextContent(/^Overseerr is slow$/);
    expect(screen.queryByRole('button', { name: /^Plex Up / })).not.toBeInTheDocument();
  });

  it('points to Discover when I follow nothing', async () => {
    renderApp('/', { user: alice });
    const section = await screen.findByRole('region', { name: 'Titles you follow' });
    expect(await within(section).findByText("You don't follow anything yet")).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: 'Find something to follow' })).toHaveAttribute('href', '/discover');
  });

  it('says "All services up", and shows each service with where its status comes from a click away', async () => {
    const up: Service[] = services.map((s) => ({ ...s, status: 'up' as const }));
    const { user } = renderApp('/', { user: alice, routes: { 'GET /api/v1/services': json(200, { items: up }) } });
    expect(await screen.findByTestId('service-summary')).toHaveTextContent(/^All services up$/);
    await openDetails(user);
    expect(screen.getByRole('button', { name: /^Plex Up .*MediaNest’s own check/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Router Up .*Uptime Kuma monitor/ })).toBeInTheDocument();
  });

  it('names a service twice only with its source, so a Kuma monitor called Plex does not look like MediaNest’s check', async () => {
    const twins: Service[] = [...services, { ...services[2]!, id: 'kuma-2', name: 'Plex', status: 'down', lastCheckedAt: iso(60_000) }];
    const { user } = renderApp('/', { user: alice, routes: { 'GET /api/v1/services': json(200, { items: twins }) } });
    expect(await screen.findByTestId('service-summary')).toHaveTextContent(/^Plex \(Uptime Kuma\) is down · Overseerr is slow$/);
    await openDetails(user);
    expect(screen.getByRole('button', { name: /^Plex \(MediaNest check\) Up / })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Plex \(Uptime Kuma\) Down / })).toBeInTheDocument();
  });

  it('says since when a service is down, live, and turns its tile red', async () => {
    const since = new Date(Date.now() - 20 * 60_000);
    since.setSeconds(0, 0);
    const { socket, user } = renderApp('/', {
      user: alice,
      routes: {
        'GET /api/v1/services/plex/history': json(200, {
          items: [
            { at: iso(3_600_000), status: 'up', responseTimeMs: 100 },
            { at: since.toISOString(), status: 'down', responseTimeMs: null },
            { at: iso(60_000), status: 'down', responseTimeMs: null },
          ],
        }),
      },
    });
    await openDetails(user);
    await screen.findByRole('button', { name: /^Plex Up / });
    await screen.findByText('Live updates on');

    act(() => socket.serverEmit('service:status', { id: 'plex', status: 'down', responseTimeMs: null, lastCheckedAt: iso() }));

    expect(await screen.findByRole('button', { name: /^Plex Down / })).toHaveClass('border-l-red-500');
    const time = since.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    // Twenty minutes ago may be yesterday (a run just after midnight): the line then names the day too.
    const clock = since.toDateString() === new Date().toDateString() ? time : `${since.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
    expect(await screen.findByText(`Plex is down since ${clock}`)).toBeInTheDocument();
  });

  it('tells admins which service is not configured, with the way to Settings', async () => {
    const missing: Service[] = services.map((s) => (s.id === 'overseerr' ? { ...s, configured: false, status: 'unknown' as const } : { ...s, status: 'up' as const }));
    renderApp('/', { user: admin, routes: { 'GET /api/v1/services': json(200, { items: missing }), 'GET /api/v1/setup': json(200, { done: true, steps: [] }) } });
    const summary = await screen.findByTestId('service-summary');
    expect(summary).toHaveTextContent(/^All services up · Overseerr not configured · Set up in Settings$/);
    expect(within(summary).getByRole('link', { name: 'Set up in Settings' })).toHaveAttribute('href', '/admin/settings');
  });

  it('opens the details with uptime and a response-time chart', async () => {
    const { user, mock } = renderApp('/', {
      user: alice,
      routes: {
        'GET /api/v1/services/plex/history': (call) =>
          json(200, {
            items:
              call.query.get('range') === '7d'
                ? [{ at: iso(86_400_000), status: 'down', responseTimeMs: null }]
                : [
                    { at: iso(120_000), status: 'up', responseTimeMs: 100 },
                    { at: iso(60_000), status: 'degraded', responseTimeMs: 2500 },
                  ],
          }),
      },
    });
    await openDetails(user);
    await user.click(await screen.findByRole('button', { name: /^Plex Up / }));
    const dialog = screen.getByRole('dialog', { name: /Plex/ });
    expect(within(dialog).getByText(/MediaNest’s own check/)).toBeInTheDocument();
    expect(within(dialog).getByText('Uptime, last 24 h')).toBeInTheDocument();
    expect(within(dialog).getByText('99.8%')).toBeInTheDocument();
    expect(await within(dialog).findByRole('img', { name: /2 checks, average 1.3 s, slowest 2.5 s, 0 down/ })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: '7 days' }));
    expect(await within(dialog).findByRole('img', { name: /1 checks.*1 down/ })).toBeInTheDocument();
    expect(mock.callsTo('GET', '/api/v1/services/plex/history').map((call) => call.query.get('range'))).toEqual(['24h', '7d']);
  });
});
