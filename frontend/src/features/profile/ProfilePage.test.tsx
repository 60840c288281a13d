import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FollowedTitle, OwnSession, Quota } from '../../api/types';
import type { Membership } from '../../api/queries/invites';
import { json, sequence } from '../../test/fetchMock';
import { alice, iso } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const followed = (tmdbId: number, title: string, overrides: Partial<FollowedTitle> = {}): FollowedTitle => ({
  tmdbId,
  mediaType: 'movie',
  title,
  source: 'manual',
  createdAt: iso(60_000),
  availableNotifiedAt: null,
  posterUrl: `https://image.tmdb.org/t/p/w500/${tmdbId}.jpg`,
  state: 'not_requested',
  ...overrides,
});

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const resetsAt = inFuture(20 * 60_000);

const quota: Quota = {
  overseerr: {
    movie: { limit: 5, used: 2, remaining: 3, days: 7, restricted: false },
    tv: { limit: 0, used: 0, remaining: null, days: null, restricted: false },
  },
  hourly: { limit: 10, used: 4, remaining: 6, resetsAt },
};

const membership = (overrides: Partial<Membership> = {}): Membership => ({
  userId: alice.id,
  plexUserId: '2001',
  allLibraries: true,
  libraryIds: [],
  libraries: null,
  allowSync: false,
  expiresAt: '2027-01-15T12:00:00.000Z',
  endedAt: null,
  endedReason: null,
  inviteId: 'inv-1',
  createdAt: iso(86_400_000),
  ...overrides,
});

const sessions = (items: OwnSession[]) => json(200, { items });
const thisDevice: OwnSession = { id: 's-1', createdAt: iso(3_600_000), lastUsedAt: iso(0), userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36', ip: null, current: true };
const phone: OwnSession = { id: 's-2', createdAt: iso(86_400_000), lastUsedAt: iso(7_200_000), userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile Safari/604.1', ip: null, current: false };

function profileRoutes(overrides: Record<string, ReturnType<typeof json> | ReturnType<typeof sequence>> = {}) {
  return {
    'GET /api/v1/media/quota': json(200, quota),
    'GET /api/v1/membership': json(200, { membership: membership() }),
    'GET /api/v1/auth/sessions': sessions([thisDevice, phone]),
    'GET /api/v1/follows': json(200, { items: [followed(27205, 'Inception (2010)', { state: 'available' }), followed(1399, 'Game of Thrones', { mediaType: 'tv', state: 'processing', posterUrl: null })], total: 7, page: 1, pageSize: 5 }),
    ...overrides,
  };
}

describe('Profile', () => {
  it('shows my access end date, the titles I follow, my Overseerr quota and the hourly limit with when it resets', async () => {
    const { mock } = renderApp('/profile', { user: alice, routes: profileRoutes() });
    expect(await screen.findByRole('heading', { name: 'Your profile', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Plex account linked · Member')).toBeInTheDocument();

    const access = await screen.findByTestId('access-ends');
    expect(access).toHaveTextContent(`Your access to the Plex server lasts until ${new Date('2027-01-15T12:00:00.000Z').toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}`);

    const follows = await screen.findByRole('list', { name: 'Titles you follow' });
    const inception = within(follows).getByRole('link', { name: 'Inception (2010)' });
    expect(inception).toHaveAttribute('href', '/title/movie/27205');
    expect(inception.closest('li')!.querySelector('img')).toHaveAttribute('src', 'https://image.tmdb.org/t/p/w500/27205.jpg');
    expect(within(inception.closest('li')!).getByText('Available')).toBeInTheDocument();
    const got = within(follows).getByRole('link', { name: 'Game of Thrones' });
    expect(got).toHaveAttribute('href', '/title/tv/1399');
    expect(within(got.closest('li')!).getByText('Downloading')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See all 7 titles you follow' })).toHaveAttribute('href', '/following');
    // Only the first few are asked for.
    expect(mock.callsTo('GET', '/api/v1/follows').at(-1)!.query.get('pageSize')).toBe('5');

    const limits = await screen.findByRole('list', { name: 'Request limits' });
    const clock = new Date(resetsAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(within(limits).getByText(/6 of 10 requests left/).closest('li')).toHaveTextContent(`This hour: 6 of 10 requests left · resets at ${clock} (in 20 minutes)`);
    expect(within(limits).getByText('Movies: 3 of 5 movies left in the last 7 days')).toBeInTheDocument();
    expect(within(limits).getByText('TV seasons: no Overseerr limit')).toBeInTheDocument();

    expect(screen.getByRole('link', { name: 'notification settings' })).toHaveAttribute('href', '/notifications/settings');
    expect(screen.getByRole('link', { name: 'Notifications page' })).toHaveAttribute('href', '/notifications');
  });

  it('says nothing about an end date to people who were not invited, and points to Discover when they follow nothing', async () => {
    renderApp('/profile', {
      user: alice,
      routes: profileRoutes({
        'GET /api/v1/membership': json(200, { membership: null }),
        'GET /api/v1/follows': json(200, { items: [], total: 0, page: 1, pageSize: 5 }),
        'GET /api/v1/media/quota': json(200, { overseerr: null, hourly: { limit: 10, used: 0, remaining: 10, resetsAt: null } }),
      }),
    });
    const section = await screen.findByRole('region', { name: 'Titles you follow' });
    expect(await within(section).findByRole('link', { name: 'Discover' })).toHaveAttribute('href', '/discover');
    const limits = await screen.findByRole('list', { name: 'Request limits' });
    expect(within(limits).getByText(/10 of 10 requests left/).closest('li')).toHaveTextContent(/^This hour: 10 of 10 requests left$/);
    expect(within(limits).getByText("Your Overseerr quota can't be read right now.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('list', { name: 'Signed-in devices' })).toBeInTheDocument());
    expect(screen.queryByRole('region', { name: 'Your access' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Your access to the Plex server/)).not.toBeInTheDocument();
  });

  it('says when a member’s access ended', async () => {
    renderApp('/profile', { user: alice, routes: profileRoutes({ 'GET /api/v1/membership': json(200, { membership: membership({ endedAt: '2026-11-30T08:00:00.000Z', endedReason: 'expired' }) }) }) });
    expect(await screen.findByTestId('access-ends')).toHaveTextContent(
      `Your access to the Plex server ended on ${new Date('2026-11-30T08:00:00.000Z').toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}.`,
    );
  });

  it('signs out the other devices and lists only this one afterwards', async () => {
    const { user, mock } = renderApp('/profile', {
      user: alice,
      routes: profileRoutes({ 'GET /api/v1/auth/sessions': sequence(sessions([thisDevice, phone]), sessions([thisDevice])) }),
    });
    const devices = await screen.findByRole('list', { name: 'Signed-in devices' });
    expect(within(devices).getByText('Chrome on Linux (this device)')).toBeInTheDocument();
    expect(within(devices).getByText('Safari on iOS')).toBeInTheDocument();
    mock.on({ 'POST /api/v1/auth/sessions/sign-out-others': json(204) });

    await user.click(screen.getByRole('button', { name: 'Sign out all other devices' }));

    expect(await screen.findByText('Signed out on your other devices')).toBeInTheDocument();
    await waitFor(() => expect(within(devices).queryByText('Safari on iOS')).not.toBeInTheDocument());
    expect(mock.callsTo('POST', '/api/v1/auth/sessions/sign-out-others')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Sign out all other devices' })).toBeDisabled();
  });
});
