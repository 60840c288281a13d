import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin } from '../../test/fixtures';
import { apiError, json, sequence } from '../../test/fetchMock';
import { renderApp } from '../../test/renderApp';

const linkedAdmin = { ...admin, plexLinked: true };
const MACHINE = '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4';
const status = {
  plex: { configured: false, managedByEnv: false },
  overseerr: { configured: false, managedByEnv: false },
  webhook: { url: 'http://localhost/api/v1/webhooks/overseerr', secretSet: false, lastTestAt: null },
  uptimeKuma: { configured: false, managedByEnv: false },
  done: false,
};
const servers = {
  servers: [
    {
      name: 'Living Room',
      machineIdentifier: MACHINE,
      productVersion: '1.41.3.9314-a0bfb8370',
      connections: [
        { uri: 'https://1-2-3-4.abc.plex.direct:8443', protocol: 'https', local: false, relay: true },
        { uri: 'http://192.168.1.10:32400', protocol: 'http', local: true, relay: false },
        { uri: 'https://192-168-1-10.abc.plex.direct:32400', protocol: 'https', local: true, relay: false },
      ],
    },
  ],
};

async function plexStep() {
  return screen.findByRole('region', { name: /^1\. Connect Plex/ });
}

describe('setup checklist: the Plex step', () => {
  it('without a linked Plex account shows the URL and token form and points to linking', async () => {
    const { mock } = renderApp('/setup', { user: admin, routes: { 'GET /api/v1/admin/setup': json(200, status) } });
    const step = await plexStep();
    expect(within(step).getByLabelText('Plex server URL')).toBeInTheDocument();
    expect(within(step).getByText(/link your Plex account .* and pick your server from a list/)).toBeInTheDocument();
    expect(mock.callsTo('GET', '/api/v1/admin/setup/plex-servers')).toHaveLength(0);
  });

  it('with a linked account proposes the direct https address, tests it, and saves only after a test', async () => {
    const { user, mock } = renderApp('/setup', {
      user: linkedAdmin,
      routes: {
        'GET /api/v1/admin/setup': json(200, status),
        'GET /api/v1/admin/setup/plex-servers': json(200, servers),
        'POST /api/v1/admin/setup/plex-server': sequence(
          json(200, { saved: false, test: { ok: false, cause: 'wrong_server', message: '192-168-1-10.abc.plex.direct:32400 is a different Plex server (0000aaaa…), not Living Room (96f2fe7a…).' } }),
          json(200, { saved: false, test: { ok: true, message: 'Plex works: Living Room (Plex Media Server 96f2fe7a…).', detail: 'Living Room' } }),
          apiError(422, 'CONNECTION_TEST_FAILED', 'Connection refused by 192.168.1.10:32400: nothing listens on that port.', { details: [{ cause: 'connection_refused' }] }),
          json(200, { saved: true, test: { ok: false, cause: 'connection_refused', message: 'Connection refused by 192.168.1.10:32400: nothing listens on that port.' } }),
        ),
      },
    });
    const step = await plexStep();
    expect(await within(step).findByRole('combobox', { name: 'Plex server' })).toHaveValue(MACHINE);
    const radios = within(step).getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.value)).toEqual(['https://192-168-1-10.abc.plex.direct:32400', 'http://192.168.1.10:32400', 'https://1-2-3-4.abc.plex.direct:8443']);
    expect(radios[0]).toBeChecked();
    expect(within(step).queryByRole('button', { name: 'Save' })).toBeNull();

    // Another server at that address: said plainly, and never "save anyway".
    await user.click(within(step).getByRole('button', { name: 'Test' }));
    expect(await within(step).findByRole('alert')).toHaveTextContent('is a different Plex server');
    expect(within(step).queryByRole('button', { name: /Save/ })).toBeNull();
    expect(mock.callsTo('POST', '/api/v1/admin/setup/plex-server')[0]!.body).toEqual({ machineIdentifier: MACHINE, uri: 'https://192-168-1-10.abc.plex.direct:32400', dryRun: true });

    await user.click(radios[1]!);
    await user.click(within(step).getByRole('button', { name: 'Test' }));
    expect(await within(step).findByRole('status')).toHaveTextContent('Plex works: Living Room');
    // The server went away between the test and the save: the cause is shown, then "Save anyway" saves.
    await user.click(within(step).getByRole('button', { name: 'Save' }));
    expect(await within(step).findByRole('alert')).toHaveTextContent('Connection refused by 192.168.1.10:32400');
    await user.click(within(step).getByRole('button', { name: 'Save anyway' }));
    expect(mock.callsTo('POST', '/api/v1/admin/setup/plex-server').map((c) => c.body)).toEqual([
      { machineIdentifier: MACHINE, uri: 'https://192-168-1-10.abc.plex.direct:32400', dryRun: true },
      { machineIdentifier: MACHINE, uri: 'http://192.168.1.10:32400', dryRun: true },
      { machineIdentifier: MACHINE, uri: 'http://192.168.1.10:32400' },
      { machineIdentifier: MACHINE, uri: 'http://192.168.1.10:32400', saveAnyway: true },
    ]);
  });

  it('says in plain words when plex.tv is down, and offers the URL and token form', async () => {
    const { user } = renderApp('/setup', {
      user: linkedAdmin,
      routes: {
        'GET /api/v1/admin/setup': json(200, status),
        'GET /api/v1/admin/setup/plex-servers': apiError(503, 'SERVICE_UNAVAILABLE', 'plex.tv is not reachable right now, so your Plex servers cannot be listed.', { service: 'plex' }),
      },
    });
    const step = await plexStep();
    expect(await within(step).findByRole('alert')).toHaveTextContent('plex.tv is not reachable right now');
    await user.click(within(step).getByRole('button', { name: 'Enter the URL and token by hand' }));
    expect(within(step).getByLabelText('Plex server URL')).toBeInTheDocument();
    await user.click(within(step).getByRole('button', { name: 'Pick a server from my Plex account instead' }));
    expect(await within(step).findByRole('alert')).toHaveTextContent('plex.tv is not reachable right now');
  });

  it('explains a Plex sign-in that plex.tv no longer accepts', async () => {
    renderApp('/setup', {
      user: linkedAdmin,
      routes: {
        'GET /api/v1/admin/setup': json(200, status),
        'GET /api/v1/admin/setup/plex-servers': apiError(409, 'PLEX_NOT_LINKED', 'plex.tv no longer accepts the Plex sign-in stored for your account. Link your Plex account again, or enter the server URL and token by hand.'),
      },
    });
    const step = await plexStep();
    expect(await within(step).findByRole('alert')).toHaveTextContent('Link your Plex account again');
  });
});
