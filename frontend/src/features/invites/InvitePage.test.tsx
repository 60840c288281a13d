import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fetchMock';
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
});
