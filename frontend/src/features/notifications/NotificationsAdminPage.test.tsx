import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fetchMock';
import { admin, iso } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const settings = (overrides: Record<string, unknown> = {}) => ({
  smtp: { host: 'smtp.example.com', port: 587, tls: 'starttls', user: 'mailer', passwordSet: false, from: 'MediaNest <m@example.com>', managedByEnv: false },
  serverName: 'MediaNest',
  digest: { enabled: false, day: 1 },
  discordWebhookSet: false,
  vapidPublicKey: null,
  deliveries: { sent: 1, failed: 1 },
  ...overrides,
});

const delivery = (id: string, status: string, title: string, overrides: Record<string, unknown> = {}) => ({
  id,
  userId: 'u-alice',
  channel: 'email',
  status,
  attempts: 1,
  lastError: null,
  runAt: iso(60_000),
  createdAt: iso(60_000),
  finishedAt: null,
  title,
  ...overrides,
});
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('Admin notifications', () => {
  it('lists the latest deliveries with their state, filters them, and sends a failed one again', async () => {
    const { user, mock } = renderApp('/admin/notifications', {
      user: admin,
      routes: {
        'GET /api/v1/admin/notifications/settings': json(200, settings()),
        'GET /api/v1/admin/notifications/deliveries': (call) =>
          json(
            200,
            call.query.get('status') === 'failed'
              ? page([delivery('d-2', 'failed', 'Dune is available', { attempts: 6, lastError: 'SMTP refused the message (550)' })])
              : page([delivery('d-1', 'sent', 'Plex maintenance tonight', { channel: 'discord-admin' }), delivery('d-2', 'failed', 'Dune is available', { attempts: 6, lastError: 'SMTP refused the message (550)' })]),
          ),
        'POST /api/v1/admin/notifications/deliveries/d-2/retry': json(202),
      },
    });
    const list = await screen.findByRole('list', { name: 'Deliveries' });
    const sent = within(list).getByText('Plex maintenance tonight', { exact: false }).closest('li')!;
    expect(sent).toHaveTextContent(/^Discord \(admin channel\) · Plex maintenance tonight · Sent/);
    expect(within(sent).queryByRole('button')).not.toBeInTheDocument();
    const failed = within(list).getByText('Dune is available', { exact: false }).closest('li')!;
    expect(failed).toHaveTextContent('Email · Dune is available · Failed');
    expect(failed).toHaveTextContent('6 attempts');
    expect(failed).toHaveTextContent('SMTP refused the message (550)');
    expect(screen.getByTestId('delivery-counts')).toHaveTextContent('1 sent · 1 failed');

    await user.selectOptions(screen.getByLabelText('Show'), 'failed');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Deliveries' })).queryByText(/Plex maintenance tonight/)).not.toBeInTheDocument());
    expect(mock.callsTo('GET', '/api/v1/admin/notifications/deliveries').at(-1)!.query.get('status')).toBe('failed');

    await user.click(screen.getByRole('button', { name: 'Retry Email: Dune is available' }));
    await waitFor(() => expect(mock.callsTo('POST', '/api/v1/admin/notifications/deliveries/d-2/retry')).toHaveLength(1));
  });

  it('sends a new SMTP password once and empties the field; an empty field keeps the stored one', async () => {
    const { user, mock } = renderApp('/admin/notifications', {
      user: admin,
      routes: {
        'GET /api/v1/admin/notifications/settings': json(200, settings()),
        'GET /api/v1/admin/notifications/deliveries': json(200, page([])),
        'PUT /api/v1/admin/notifications/settings': json(200, settings({ smtp: { ...settings().smtp, passwordSet: true } })),
      },
    });
    const password = await screen.findByLabelText('Password');
    expect(await screen.findByText('Nothing sent yet.')).toBeInTheDocument();
    await user.type(password, 'new-secret');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Notification settings saved')).toBeInTheDocument();
    expect(mock.callsTo('PUT', '/api/v1/admin/notifications/settings')[0]!.body).toMatchObject({ smtp: { host: 'smtp.example.com', password: 'new-secret' } });
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByText('A password is set; leave empty to keep it')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(mock.callsTo('PUT', '/api/v1/admin/notifications/settings')).toHaveLength(2));
    expect((mock.callsTo('PUT', '/api/v1/admin/notifications/settings')[1]!.body as { smtp: object }).smtp).not.toHaveProperty('password');
  });

  it('tells the admin that moving the mail server removes the saved SMTP password', async () => {
    const { user } = renderApp('/admin/notifications', {
      user: admin,
      routes: {
        'GET /api/v1/admin/notifications/settings': json(200, settings({ smtp: { ...settings().smtp, passwordSet: true } })),
        'GET /api/v1/admin/notifications/deliveries': json(200, page([])),
      },
    });
    const host = await screen.findByRole('textbox', { name: 'SMTP host' });
    expect(screen.queryByText(/belongs to the previous mail server/)).not.toBeInTheDocument();
    await user.clear(host);
    await user.type(host, 'smtp.other.example');
    expect(await screen.findByText(/saved SMTP password belongs to the previous mail server/)).toBeInTheDocument();
    // Giving the password again in the same save keeps email working: the warning goes away.
    await user.type(screen.getByLabelText('Password'), 'new-secret');
    expect(screen.queryByText(/belongs to the previous mail server/)).not.toBeInTheDocument();
  });
});
