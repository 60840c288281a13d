import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fetchMock';
import { admin } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const settings = {
  plex: { serverUrl: 'http://plex.lan:32400', tokenSet: true, managedByEnv: false },
  overseerr: { url: 'http://overseerr.lan:5055', apiKeySet: true, webhookSecretSet: true, managedByEnv: false },
  uptimeKuma: { url: null, statusPage: null, managedByEnv: false },
};

describe('Admin: settings', () => {
  it('tells the admin that moving the Plex server to another host removes the saved token', async () => {
    const { user } = renderApp('/admin/settings', { user: admin, routes: { 'GET /api/v1/admin/settings': json(200, settings) } });
    const url = await screen.findByRole('textbox', { name: 'Server URL' });
    expect(screen.queryByText(/belongs to the previous address/)).not.toBeInTheDocument();

    // Another path on the same server keeps the token: no warning.
    await user.type(url, '/plex');
    expect(screen.queryByText(/belongs to the previous address/)).not.toBeInTheDocument();

    await user.clear(url);
    await user.type(url, 'http://other-host:32400');
    expect(await screen.findByText(/saved plex token belongs to the previous address/)).toBeInTheDocument();

    // Giving a new token in the same save keeps Plex working: the warning goes away.
    await user.type(screen.getByLabelText(/^Plex token/), 'a-new-token');
    expect(screen.queryByText(/belongs to the previous address/)).not.toBeInTheDocument();
  });
});
