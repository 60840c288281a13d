import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fetchMock';
import { alice, iso } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

describe('Dashboard', () => {
  it('shows service tiles, my latest requests and what was recently added', async () => {
    renderApp('/', { user: alice });
    expect(await screen.findByRole('button', { name: /^Plex Up / })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Overseerr Degraded / })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Router Unknown / })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: /The Matrix/ })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: /Arrival/ })).toHaveAttribute('href', '/item/i-1');
  });

  it('turns a tile red when the server reports the service down', async () => {
    const { socket } = renderApp('/', { user: alice });
    await screen.findByRole('button', { name: /^Plex Up / });
    await screen.findByText('Live updates on');

    act(() => socket.serverEmit('service:status', { id: 'plex', status: 'down', responseTimeMs: null, lastCheckedAt: iso() }));

    expect(await screen.findByRole('button', { name: /^Plex Down / })).toHaveClass('border-l-red-500');
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
    await user.click(await screen.findByRole('button', { name: /^Plex Up / }));
    const dialog = screen.getByRole('dialog', { name: /Plex/ });
    expect(within(dialog).getByText('Uptime, last 24 h')).toBeInTheDocument();
    expect(within(dialog).getByText('99.8%')).toBeInTheDocument();
    expect(await within(dialog).findByRole('img', { name: /2 checks, average 1.3 s, slowest 2.5 s, 0 down/ })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: '7 days' }));
    expect(await within(dialog).findByRole('img', { name: /1 checks.*1 down/ })).toBeInTheDocument();
    expect(mock.callsTo('GET', '/api/v1/services/plex/history').map((call) => call.query.get('range'))).toEqual(['24h', '7d']);
  });
});
