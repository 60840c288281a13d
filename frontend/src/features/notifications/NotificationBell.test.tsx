import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fetchMock';
import { alice, iso, makeNotification } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

describe('Notification bell', () => {
  it('shows the unread count and updates it live from the socket', async () => {
    const { socket, user } = renderApp('/help', { user: alice });

    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    await screen.findByText('Live updates on');

    act(() => {
      socket.serverEmit('notification', {
        id: 'n-2',
        type: 'request.available',
        title: 'Arrival is ready to watch',
        message: 'Your request for Arrival is available.',
        createdAt: iso(),
      });
    });

    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeInTheDocument();
    expect(screen.getByTestId('unread-badge')).toHaveTextContent('2');
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Arrival is ready to watch');

    await user.click(screen.getByRole('button', { name: 'Notifications, 2 unread' }));
    const panel = screen.getByRole('region', { name: 'Latest notifications' });
    expect(within(panel).getByText('Arrival is ready to watch')).toBeInTheDocument();
    expect(within(panel).getByText('Request approved')).toBeInTheDocument();
  });

  it('marks one notification read, then all', async () => {
    const { user, mock } = renderApp('/help', {
      user: alice,
      routes: {
        'GET /api/v1/notifications': json(200, {
          items: [makeNotification(), makeNotification({ id: 'n-3', title: 'Request declined', message: 'Sorry.' })],
          total: 2,
          page: 1,
          pageSize: 8,
          unreadCount: 2,
        }),
        'POST /api/v1/notifications/n-1/read': json(204),
        'POST /api/v1/notifications/read-all': json(204),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    await user.click(screen.getByRole('button', { name: 'Mark read: Request approved' }));

    expect(await screen.findByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/notifications/n-1/read')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
    expect(screen.queryByTestId('unread-badge')).not.toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/notifications/read-all')).toHaveLength(1);
  });
});
