import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Invite } from '../../api/queries/invites';
import { apiError, json, sequence } from '../../test/fetchMock';
import { admin } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const offer = {
  invitedBy: { username: 'sam', avatarUrl: null },
  allLibraries: false,
  libraries: [{ id: '2', title: 'TV Shows', type: 'show' }],
  role: 'user',
  allowSync: true,
  note: 'For the holidays',
  linkExpiresAt: '2026-12-12T00:00:00.000Z',
  accessDays: 30,
  accessUntil: '2027-01-04T10:00:00.000Z',
};

describe('the invite page', () => {
  it('says who invites, to what and until when, and explains the Plex sign-in in plain words', async () => {
    renderApp('/invite/ABCD-EFGH-JKMN', { routes: { 'GET /api/v1/invites/ABCD-EFGH-JKMN': json(200, offer) } });
    expect(await screen.findByRole('heading', { name: 'sam invites you to their Plex server' })).toBeInTheDocument();
    expect(screen.getByText('TV Shows')).toBeInTheDocument();
    expect(screen.getByText(/\(30 days\)$/)).toBeInTheDocument();
    expect(screen.getByText('You may download titles to watch offline.')).toBeInTheDocument();
    expect(screen.getByText(/MediaNest never sees your Plex password/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accept with Plex' })).toBeInTheDocument();
  });

  it('names the browser tab after who invites, and after the problem when the link is dead', async () => {
    const { unmount } = renderApp('/invite/ABCD-EFGH-JKMN', { routes: { 'GET /api/v1/invites/ABCD-EFGH-JKMN': json(200, offer) } });
    await screen.findByRole('heading', { name: 'sam invites you to their Plex server' });
    await waitFor(() => expect(document.title).toBe('Invitation from sam · MediaNest'));
    unmount();
    renderApp('/invite/ZZZZ-ZZZZ-ZZZZ', { routes: { 'GET /api/v1/invites/ZZZZ-ZZZZ-ZZZZ': apiError(404, 'NOT_FOUND', 'No such invitation') } });
    await screen.findByRole('heading', { name: 'This invitation does not exist' });
    await waitFor(() => expect(document.title).toBe('This invitation does not exist · MediaNest'));
  });

  it("gives the server's reason when the invitation can no longer be used", async () => {
    renderApp('/invite/ABCD-EFGH-JKMN', {
      routes: { 'GET /api/v1/invites/ABCD-EFGH-JKMN': apiError(410, 'INVITE_EXPIRED', 'This invitation has expired; ask for a new one.') },
    });
    expect(await screen.findByRole('heading', { name: 'This invitation can no longer be used' })).toBeInTheDocument();
    expect(screen.getByText('This invitation has expired; ask for a new one.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Accept with Plex' })).not.toBeInTheDocument();
  });

  it('tells someone already signed in where to go instead', async () => {
    renderApp('/invite/ABCD-EFGH-JKMN', { user: admin, routes: { 'GET /api/v1/invites/ABCD-EFGH-JKMN': json(200, offer) } });
    expect(await screen.findByRole('link', { name: 'Go to your dashboard' })).toBeInTheDocument();
  });
});

describe('Admin: invitations', () => {
  it('creates an invitation with the chosen libraries and lists it with its uses', async () => {
    const invite = {
      id: 'i-1', code: 'ABCD-EFGH-JKMN', url: 'https://m.example/invite/ABCD-EFGH-JKMN', status: 'active', libraryIds: ['1'], allLibraries: false, role: 'user',
      allowSync: false, note: null, expiresAt: null, maxUses: 1, uses: 0, accessDays: 30, revokedAt: null, createdAt: '2026-12-05T00:00:00.000Z', createdBy: 'admin',
    };
    const { user, mock } = renderApp('/admin/invitations', {
      user: admin,
      routes: {
        'GET /api/v1/admin/invites': json(200, { items: [invite], total: 1, page: 1, pageSize: 100 }),
        'POST /api/v1/admin/invites': json(201, invite),
      },
    });
    expect(await screen.findByText('ABCD-EFGH-JKMN')).toBeInTheDocument();
    expect(screen.getByText(/used 0 of 1/)).toBeInTheDocument();
    await user.click(await screen.findByLabelText('Movies'));
    await user.selectOptions(screen.getByLabelText('Access lasts'), '30');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));
    expect(await screen.findByText('Invitation created')).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/admin/invites')[0]!.body).toEqual({
      libraryIds: ['lib-movies'], role: 'user', linkExpiresInDays: 7, maxUses: 1, accessDays: 30, allowSync: false,
    });
  });

  it('revokes an invitation only after the admin confirms in a dialog', async () => {
    const invite: Invite = {
      id: 'i-2', code: 'WXYZ-2345-6789', url: 'https://m.example/invite/WXYZ-2345-6789', status: 'active', libraryIds: [], allLibraries: true, role: 'user',
      allowSync: false, note: null, expiresAt: null, maxUses: null, uses: 2, accessDays: null, revokedAt: null, createdAt: '2026-12-05T00:00:00.000Z', createdBy: 'admin',
    };
    const revoked: Invite = { ...invite, status: 'revoked', revokedAt: '2026-12-05T01:00:00.000Z' };
    const page = (item: Invite) => json(200, { items: [item], total: 1, page: 1, pageSize: 100 });
    const { user, mock } = renderApp('/admin/invitations', {
      user: admin,
      routes: {
        'GET /api/v1/admin/invites': sequence(page(invite), page(revoked)),
        'DELETE /api/v1/admin/invites/i-2': json(204),
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Revoke invitation WXYZ-2345-6789' }));
    let dialog = screen.getByRole('dialog', { name: 'Revoke invitation WXYZ-2345-6789?' });
    expect(within(dialog).getByText(/People who already joined keep their access/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Keep invitation' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mock.callsTo('DELETE', '/api/v1/admin/invites/i-2')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Revoke invitation WXYZ-2345-6789' }));
    dialog = screen.getByRole('dialog', { name: 'Revoke invitation WXYZ-2345-6789?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke invitation' }));
    expect(await screen.findByText('Invitation WXYZ-2345-6789 revoked')).toBeInTheDocument();
    expect(mock.callsTo('DELETE', '/api/v1/admin/invites/i-2')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('revoked')).toBeInTheDocument();
  });
});

describe("Admin: a member's Plex access", () => {
  const access = {
    userId: 'u-9', plexUserId: '9001', allLibraries: false, libraryIds: ['lib-movies'], libraries: [{ id: 'lib-movies', title: 'Movies', type: 'movie' }], allowSync: false,
    expiresAt: '2027-01-04T10:00:00.000Z', endedAt: null, endedReason: null, inviteId: 'i-1', createdAt: '2026-12-05T00:00:00.000Z',
  };

  it('ends access only after the admin confirms in a dialog', async () => {
    const ended = { ...access, endedAt: '2026-12-05T12:00:00.000Z', endedReason: 'ended' };
    const { user, mock } = renderApp('/admin/users/u-9/access', {
      user: admin,
      routes: {
        'GET /api/v1/admin/users/u-9/access': sequence(json(200, access), json(200, ended)),
        'POST /api/v1/admin/users/u-9/access/end': json(200, ended),
      },
    });
    await user.click(await screen.findByRole('button', { name: 'End access now' }));
    let dialog = screen.getByRole('dialog', { name: 'End access now?' });
    expect(within(dialog).getByText(/account is suspended at once/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/admin/users/u-9/access/end')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'End access now' }));
    dialog = screen.getByRole('dialog', { name: 'End access now?' });
    await user.click(within(dialog).getByRole('button', { name: 'End access' }));
    expect(await screen.findByText('Access ended and account suspended')).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/admin/users/u-9/access/end')).toHaveLength(1);
    expect(await screen.findByText(/^Ended .* \(ended by an admin\)$/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'End access now' })).not.toBeInTheDocument();
  });
});
