import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, json, sequence, type Reply } from '../../test/fetchMock';
import { admin, alice, session } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import { plexTiming } from '../../widgets/plex/usePlexPin';

const pin = {
  pinId: 4242,
  pinToken: 'pin-secret',
  code: 'ABCD',
  authUrl: 'https://app.plex.tv/auth#?clientID=x&code=ABCD&context%5Bdevice%5D%5Bproduct%5D=MediaNest',
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
};

function fakePopup() {
  return { location: { href: '' }, closed: false, close: vi.fn() };
}

function plexRoutes(callback: Reply | ReturnType<typeof sequence>) {
  return { 'GET /api/v1/auth/plex/login': json(200, pin), 'POST /api/v1/auth/plex/callback': callback };
}

describe('Sign in with Plex', () => {
  const defaultInterval = plexTiming.pollIntervalMs;
  beforeEach(() => {
    plexTiming.pollIntervalMs = 5;
  });
  afterEach(() => {
    plexTiming.pollIntervalMs = defaultInterval;
  });

  it('opens the popup in the click, sends it to Plex and polls until approved', async () => {
    const popup = fakePopup();
    const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
    const { user, mock } = renderApp('/sign-in', {
      routes: plexRoutes(sequence(json(202, { status: 'pending' }), json(202, { status: 'pending' }), json(200, session(alice)))),
    });

    await user.click(await screen.findByRole('button', { name: 'Sign in with Plex' }));

    expect(open).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { name: /alice/ })).toBeInTheDocument();
    expect(popup.location.href).toBe(pin.authUrl);
    expect(popup.close).toHaveBeenCalled();
    const polls = mock.callsTo('POST', '/api/v1/auth/plex/callback');
    expect(polls.length).toBe(3);
    expect(polls[0]!.body).toEqual({ pinId: 4242, pinToken: 'pin-secret' });
  });

  it.each([
    [apiError(403, 'PLEX_ACCESS_DENIED'), "This Plex account isn't shared with you", /Ask the server's owner to share/],
    [apiError(410, 'PIN_EXPIRED'), 'The Plex sign-in expired', /get a new one/],
    [apiError(401, 'ACCOUNT_SUSPENDED'), 'This account is suspended', /Ask them to reactivate it/],
    [apiError(503, 'SERVICE_UNAVAILABLE', 'plex.tv unreachable', { service: 'plex' }), "Plex can't be reached", /Try again in a few minutes/],
  ])('explains a %# failure in plain words', async (reply, title, detail) => {
    vi.spyOn(window, 'open').mockReturnValue(fakePopup() as unknown as Window);
    const { user } = renderApp('/sign-in', { routes: plexRoutes(sequence(json(202, { status: 'pending' }), reply)) });

    await user.click(await screen.findByRole('button', { name: 'Sign in with Plex' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(detail);
    expect(screen.getByRole('button', { name: 'Try Plex again' })).toBeEnabled();
  });

  it('offers a link to Plex when the browser blocked the popup', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    const { user } = renderApp('/sign-in', { routes: plexRoutes(json(202, { status: 'pending' })) });

    await user.click(await screen.findByRole('button', { name: 'Sign in with Plex' }));

    expect(await screen.findByRole('link', { name: 'Open Plex sign-in' })).toHaveAttribute('href', pin.authUrl);
    expect(screen.getByText(/blocked the Plex window/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'Sign in with Plex' })).toBeInTheDocument();
  });

  it('says when Plex sign-in is not configured', async () => {
    vi.spyOn(window, 'open').mockReturnValue(fakePopup() as unknown as Window);
    const { user } = renderApp('/sign-in', { routes: { 'GET /api/v1/auth/plex/login': apiError(503, 'NOT_CONFIGURED') } });

    await user.click(await screen.findByRole('button', { name: 'Sign in with Plex' }));

    expect(await screen.findByRole('alert')).toHaveTextContent("Plex sign-in isn't set up yet");
  });
});

describe('Sign in with the admin account', () => {
  it('says when the username or password is wrong', async () => {
    const { user, mock } = renderApp('/sign-in', { routes: { 'POST /api/v1/auth/login': apiError(401, 'INVALID_CREDENTIALS') } });

    await user.click(await screen.findByRole('button', { name: 'Sign in with the admin account' }));
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('That username and password do not match');
    expect(mock.callsTo('POST', '/api/v1/auth/login')[0]!.body).toEqual({ username: 'admin', password: 'wrong' });
  });

  const setupStatus = (done: boolean) => ({
    plex: { configured: done, managedByEnv: false },
    overseerr: { configured: done, managedByEnv: false },
    webhook: { url: 'http://localhost/api/v1/webhooks/overseerr', secretSet: done, lastTestAt: done ? '2026-12-05T20:00:00.000Z' : null },
    uptimeKuma: { configured: false, managedByEnv: false },
    done,
  });

  async function signInAndChangePassword(setupDone: boolean) {
    const bootstrap = { ...admin, mustChangePassword: true };
    const rendered = renderApp('/sign-in', {
      routes: {
        'POST /api/v1/auth/login': json(200, { ...session(bootstrap), mustChangePassword: true }),
        'POST /api/v1/auth/password': json(204),
        'GET /api/v1/auth/me': json(200, { user: admin }),
        'GET /api/v1/admin/setup': json(200, setupStatus(setupDone)),
      },
    });
    const { user, mock } = rendered;

    await user.click(await screen.findByRole('button', { name: 'Sign in with the admin account' }));
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'admin');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Current password'), 'admin');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Repeat the new password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    expect(screen.getByRole('alert')).toHaveTextContent('at least 12 characters');
    expect(mock.callsTo('POST', '/api/v1/auth/password')).toHaveLength(0);

    await user.clear(screen.getByLabelText('New password'));
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('New password'), 'correct horse battery');
    await user.type(screen.getByLabelText('Repeat the new password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Save and continue' }));
    return rendered;
  }

  it('forces a password change before anything else, then continues to the setup checklist while it is not done', async () => {
    const { mock } = await signInAndChangePassword(false);
    expect(await screen.findByRole('heading', { name: 'Set up MediaNest', level: 1 })).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/auth/password')[0]!.body).toEqual({
      currentPassword: 'admin',
      newPassword: 'correct horse battery',
    });
  });

  it('continues to the dashboard after the password change once the setup is done', async () => {
    await signInAndChangePassword(true);
    expect(await screen.findByRole('heading', { name: /, admin$/ })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Set up MediaNest' })).toBeNull();
  });
});

describe('Session', () => {
  it('sends a signed-out visitor to sign-in and back to the page they wanted afterwards', async () => {
    const { user } = renderApp('/help', { routes: { 'POST /api/v1/auth/login': json(200, { ...session(admin), mustChangePassword: false }) } });

    expect(await screen.findByRole('heading', { name: 'Sign in to MediaNest' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in with the admin account' }));
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'a long password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Help' })).toBeInTheDocument();
  });

  it('stays signed in across a reload through the silent refresh', async () => {
    renderApp('/help', { routes: { 'POST /api/v1/auth/refresh': json(200, session(alice)) } });
    expect(await screen.findByRole('heading', { name: 'Help' })).toBeInTheDocument();
  });

  it('returns to sign-in with an explanation when the session ends', async () => {
    const { mock } = renderApp('/requests', {
      user: alice,
      routes: { 'GET /api/v1/media/requests': apiError(401, 'UNAUTHENTICATED') },
    });

    expect(await screen.findByText(/Your session ended/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sign in to MediaNest' })).toBeInTheDocument();
    await waitFor(() => expect(mock.callsTo('POST', '/api/v1/auth/refresh').length).toBeGreaterThan(0));
  });

  it('signs out', async () => {
    const { user, mock } = renderApp('/help', { user: alice });
    await screen.findByRole('heading', { name: 'Help' });
    await user.click(screen.getAllByRole('button', { name: 'Sign out' })[0]!);
    expect(await screen.findByRole('heading', { name: 'Sign in to MediaNest' })).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/auth/logout')).toHaveLength(1);
  });
  it.each([
    ['/requests?status=pending', '/requests'],
    ['//evil.example/steal', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
  ])('after sign-in returns to %j only when it is a path of this app', async (from, expected) => {
    const { router } = renderApp({ pathname: '/sign-in', state: { from } }, { user: alice });
    await waitFor(() => expect(router.state.location.pathname).toBe(expected));
  });
});
