import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fetchMock';
import { admin, alice, makeUser } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const bob = makeUser({ id: 'u-bob', username: 'bob', email: 'bob@example.com' });
const list = (items = [admin, alice, bob]) => json(200, { items, total: items.length, page: 1, pageSize: 20 });

function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'span.truncate' }).closest('li')!;
}

describe('Admin: users', () => {
  it('searches users by name', async () => {
    const { user, mock } = renderApp('/admin/users', {
      user: admin,
      routes: { 'GET /api/v1/admin/users': (call) => (call.query.get('search') === 'bo' ? list([bob]) : list()) },
    });
    await screen.findByText('alice', { selector: 'span.truncate' });

    await user.type(screen.getByRole('searchbox', { name: 'Search users' }), 'bo');

    await waitFor(() => expect(screen.queryByText('alice', { selector: 'span.truncate' })).not.toBeInTheDocument());
    expect(rowOf('bob')).toBeInTheDocument();
    expect(mock.calls.some((call) => call.path === '/api/v1/admin/users' && call.query.get('search') === 'bo')).toBe(true);
  });

  it('changes a role and suspends a user', async () => {
    const { user, mock } = renderApp('/admin/users', {
      user: admin,
      routes: {
        'GET /api/v1/admin/users': list(),
        'PATCH /api/v1/admin/users/u-bob': (call) => json(200, { ...bob, ...(call.body as object) }),
      },
    });
    await screen.findByText('bob', { selector: 'span.truncate' });

    await user.selectOptions(screen.getByLabelText('Role for bob'), 'admin');
    expect(await screen.findByText('bob is now an admin')).toBeInTheDocument();

    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Suspend bob' }));
    // Suspending asks first; keeping the user active changes nothing.
    await user.click(within(screen.getByRole('dialog', { name: 'Suspend bob?' })).getByRole('button', { name: 'Keep active' }));
    expect(mock.callsTo('PATCH', '/api/v1/admin/users/u-bob')).toHaveLength(1);
    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Suspend bob' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Suspend bob?' })).getByRole('button', { name: 'Suspend bob' }));
    expect(await screen.findByText('bob is suspended and signed out')).toBeInTheDocument();

    expect(mock.callsTo('PATCH', '/api/v1/admin/users/u-bob').map((call) => call.body)).toEqual([
      { role: 'admin' },
      { status: 'suspended' },
    ]);
    expect(screen.getByLabelText('Role for admin')).toBeDisabled();
  });

  it("shows each user's shared libraries and refreshes them from Plex", async () => {
    const share = (libraries: Array<{ id: string; title: string }>) => ({
      access: 'shared', allLibraries: false, libraries, restrictions: { movies: 'label=kids', television: '', music: '' }, checkedAt: null,
    });
    const shared = { ...bob, plexLinked: true, plexShare: share([{ id: '1', title: 'Movies' }]) };
    const { user, mock } = renderApp('/admin/users', {
      user: admin,
      routes: {
        'GET /api/v1/admin/users': list([admin, alice, shared]),
        'POST /api/v1/admin/users/u-bob/plex-share/refresh': json(200, share([{ id: '1', title: 'Movies' }, { id: '2', title: 'TV Shows' }])),
      },
    });
    await screen.findByText('bob', { selector: 'span.truncate' });
    expect(within(rowOf('bob')).getByText('Libraries: Movies')).toBeInTheDocument();
    expect(within(rowOf('bob')).getByText('Restricted: Movies (label=kids)')).toBeInTheDocument();

    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Refresh from Plex for bob' }));
    expect(await screen.findByText('Shared libraries of bob refreshed')).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/admin/users/u-bob/plex-share/refresh')).toHaveLength(1);
  });

  it('explains why the last admin cannot be demoted', async () => {
    const { user } = renderApp('/admin/users', {
      user: admin,
      routes: {
        'GET /api/v1/admin/users': list(),
        'PATCH /api/v1/admin/users/u-bob': apiError(409, 'CONFLICT', 'last admin'),
      },
    });
    await screen.findByText('bob', { selector: 'span.truncate' });
    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Suspend bob' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Suspend bob?' })).getByRole('button', { name: 'Suspend bob' }));
    expect(await screen.findByText(/needs at least one active admin/)).toBeInTheDocument();
  });

  it('deletes a user only after confirmation', async () => {
    const { user, mock } = renderApp('/admin/users', {
      user: admin,
      routes: { 'GET /api/v1/admin/users': list(), 'DELETE /api/v1/admin/users/u-bob': json(204) },
    });
    await screen.findByText('bob', { selector: 'span.truncate' });

    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Delete bob' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete bob?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep user' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mock.callsTo('DELETE', '/api/v1/admin/users/u-bob')).toHaveLength(0);

    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Delete bob' }));
    dialog = screen.getByRole('dialog', { name: 'Delete bob?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete user' }));

    expect(await screen.findByText('bob was deleted')).toBeInTheDocument();
    expect(mock.callsTo('DELETE', '/api/v1/admin/users/u-bob')).toHaveLength(1);
  });

  it('keeps non-admins out', async () => {
    renderApp('/admin/users', { user: alice });
    expect(await screen.findByText('Admins only')).toBeInTheDocument();
  });

  it('shows the Admin navigation and every admin section to admins only (lib/policy.ts)', async () => {
    const { unmount } = renderApp('/admin/users', { user: admin, routes: { 'GET /api/v1/admin/users': json(200, { items: [], total: 0, page: 1, pageSize: 25 }) } });
    const sections = await screen.findByRole('navigation', { name: 'Admin sections' });
    expect(within(sections).getAllByRole('link').map((link) => link.textContent)).toEqual(['Users', 'Requests', 'Invitations', 'Settings', 'Audit log', 'Notifications']);
    expect(screen.getAllByRole('link', { name: 'Admin' }).length).toBeGreaterThan(0);
    unmount();

    renderApp('/admin/users', { user: alice });
    await screen.findByText('Admins only');
    expect(screen.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Admin sections' })).not.toBeInTheDocument();
  });
});
