import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, json, sequence, type Handler, type Reply } from '../../test/fetchMock';
import { admin, alice } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { plexTiming } from '../../widgets/plex/usePlexPin';

const pin = {
  pinId: 5151,
  pinToken: 'link-secret',
  code: 'WXYZ',
  authUrl: 'https://app.plex.tv/auth#?clientID=x&code=WXYZ&context%5Bdevice%5D%5Bproduct%5D=MediaNest',
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
};

function fakePopup() {
  return { location: { href: '' }, closed: false, close: vi.fn() };
}

function linkRoutes(link: Reply | Handler) {
  return { 'POST /api/v1/auth/plex/link/pin': json(200, pin), 'POST /api/v1/auth/plex/link': link };
}

async function startLinking(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Link Plex account' }));
  const dialog = await screen.findByRole('dialog', { name: 'Link your Plex account' });
  await user.click(within(dialog).getByRole('button', { name: 'Continue to Plex' }));
  return dialog;
}

describe('Link a Plex account', () => {
  const defaultInterval = plexTiming.pollIntervalMs;
  beforeEach(() => {
    plexTiming.pollIntervalMs = 5;
  });
  afterEach(() => {
    plexTiming.pollIntervalMs = defaultInterval;
  });

  it('is offered only to an account without Plex', async () => {
    renderApp('/help', { user: alice });
    await screen.findByRole('heading', { name: 'Help' });
    expect(screen.queryByRole('button', { name: 'Link Plex account' })).toBeNull();
  });

  it('links through the Plex popup, then shows the account as linked with its Plex avatar', async () => {
    const popup = fakePopup();
    const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
    const linked = { ...admin, plexLinked: true, avatarUrl: 'https://plex.tv/users/owner-uuid/avatar' };
    const { user, mock, client } = renderApp('/help', {
      user: admin,
      routes: linkRoutes(sequence(json(202, { status: 'pending' }), json(202, { status: 'pending' }), json(200, { user: linked }))),
    });
    await screen.findByRole('heading', { name: 'Help' });

    const dialog = await startLinking(user);

    expect(open).toHaveBeenCalledTimes(1);
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Your Plex account is linked');
    expect(popup.location.href).toBe(pin.authUrl);
    expect(popup.close).toHaveBeenCalled();
    const polls = mock.callsTo('POST', '/api/v1/auth/plex/link');
    expect(polls).toHaveLength(3);
    expect(polls[0]!.body).toEqual({ pinId: 5151, pinToken: 'link-secret' });
    expect(polls[0]!.headers.Authorization).toBe('Bearer access-1');
    expect(mock.callsTo('POST', '/api/v1/auth/plex/callback')).toHaveLength(0);
    // The current user is refreshed: linked, with the Plex avatar, and the action is gone.
    expect(client.getSnapshot().user).toMatchObject({ plexLinked: true, avatarUrl: linked.avatarUrl });
    expect(screen.queryByRole('button', { name: 'Link Plex account' })).toBeNull();
    expect(document.querySelector(`img[src="${linked.avatarUrl}"]`)).not.toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it.each([
    [
      '409, the Plex account belongs to another user',
      apiError(409, 'CONFLICT', 'That Plex account is already linked to another MediaNest user.'),
      'That Plex account is already linked to someone else',
      /Link a different Plex account/,
    ],
    [
      '403, the Plex account has no access to the server',
      apiError(403, 'PLEX_ACCESS_DENIED'),
      'That Plex account has no access to this server',
      /Link the Plex account that owns the server/,
    ],
  ])('explains %s in plain words and offers to try again', async (_case, reply, title, detail) => {
    vi.spyOn(window, 'open').mockReturnValue(fakePopup() as unknown as Window);
    const { user, client } = renderApp('/help', { user: admin, routes: linkRoutes(sequence(json(202, { status: 'pending' }), reply)) });
    await screen.findByRole('heading', { name: 'Help' });

    const dialog = await startLinking(user);

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(detail);
    expect(within(dialog).getByRole('button', { name: 'Try again' })).toBeEnabled();
    // Still signed in, still not linked.
    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { plexLinked: false } });
    expect(screen.getByRole('button', { name: 'Link Plex account' })).toBeInTheDocument();
  });

  it('is in the "More" menu on phones too, keyboard-focused and labelled', async () => {
    vi.spyOn(window, 'open').mockReturnValue(fakePopup() as unknown as Window);
    const { user } = renderApp('/help', { user: admin, routes: linkRoutes(json(202, { status: 'pending' })) });
    await screen.findByRole('heading', { name: 'Help' });

    await user.click(screen.getByRole('button', { name: 'More' }));
    const more = await screen.findByRole('dialog', { name: 'More' });
    await user.click(within(more).getByRole('button', { name: 'Link Plex account' }));

    const dialog = await screen.findByRole('dialog', { name: 'Link your Plex account' });
    expect(screen.queryByRole('dialog', { name: 'More' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Continue to Plex' })).toHaveFocus();
    const result = await axe.run(dialog, { resultTypes: ['violations'] });
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Continue to Plex' }));
    expect(await within(dialog).findByText('Waiting for you to approve in Plex…')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).getByRole('button', { name: 'Continue to Plex' })).toBeInTheDocument();
  });
});
