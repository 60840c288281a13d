import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fetchMock';
import { alice, iso, makeRequest } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const pending = makeRequest();
const available = makeRequest({ id: 'r-2', title: 'Dune', year: 2021, status: 'available', tmdbId: 438631 });
const page = (items = [pending, available]) => ({ items, total: items.length, page: 1, pageSize: 20 });

describe('My requests', () => {
  it('filters by status', async () => {
    const { user, mock } = renderApp('/requests', {
      user: alice,
      routes: {
        'GET /api/v1/media/requests': (call) =>
          json(200, call.query.get('status') === 'available' ? page([available]) : page()),
      },
    });
    expect(await screen.findByRole('link', { name: /The Matrix/ })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Show'), 'available');

    await waitFor(() => expect(screen.queryByRole('link', { name: /The Matrix/ })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: /Dune/ })).toBeInTheDocument();
    expect(mock.calls.some((call) => call.query.get('status') === 'available')).toBe(true);
  });

  it('shows a request whose title was deleted from the server as removed', async () => {
    const gone = makeRequest({ id: 'r-3', title: 'Heat', year: 1995, status: 'deleted', tmdbId: 949 });
    renderApp('/requests', { user: alice, routes: { 'GET /api/v1/media/requests': json(200, page([gone])) } });
    const row = (await screen.findByRole('link', { name: /Heat/ })).closest('li')!;
    expect(within(row).getByText('Removed from the server')).toBeInTheDocument();
  });

  it('updates a request live when the server reports a change', async () => {
    const { socket } = renderApp('/requests', { user: alice, routes: { 'GET /api/v1/media/requests': json(200, page()) } });
    const row = (await screen.findByRole('link', { name: /The Matrix/ })).closest('li')!;
    expect(within(row).getByText('Pending approval')).toBeInTheDocument();
    await screen.findByText('Live updates on');

    act(() => socket.serverEmit('request:updated', { ...pending, status: 'approved', updatedAt: iso() }));

    expect(await within(row).findByText('Approved')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
  });

  it('cancels a pending request after confirmation', async () => {
    const { user, mock } = renderApp('/requests', {
      user: alice,
      routes: { 'GET /api/v1/media/requests': json(200, page()), 'DELETE /api/v1/media/requests/r-1': json(204) },
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel request for The Matrix' }));
    expect(screen.queryByRole('button', { name: 'Cancel request for Dune' })).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel request' }));

    expect(await screen.findByText('Request cancelled')).toBeInTheDocument();
    expect(mock.callsTo('DELETE', '/api/v1/media/requests/r-1')).toHaveLength(1);
  });

  it('explains when a request is no longer pending', async () => {
    const { user } = renderApp('/requests', {
      user: alice,
      routes: { 'GET /api/v1/media/requests': json(200, page()), 'DELETE /api/v1/media/requests/r-1': apiError(409, 'NOT_PENDING') },
    });
    await user.click(await screen.findByRole('button', { name: 'Cancel request for The Matrix' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel request' }));
    expect(await screen.findByText(/can no longer be cancelled/)).toBeInTheDocument();
  });

  it('shows the status history of a request', async () => {
    renderApp('/requests/r-2', {
      user: alice,
      routes: {
        'GET /api/v1/media/requests/r-2': json(200, {
          ...available,
          history: [
            { status: 'pending', at: '2026-01-01T10:00:00.000Z' },
            { status: 'approved', at: '2026-01-01T11:00:00.000Z' },
            { status: 'available', at: '2026-01-02T08:00:00.000Z' },
          ],
        }),
      },
    });
    const history = await screen.findByRole('region', { name: 'Status history' });
    const steps = within(history).getAllByRole('listitem').map((item) => item.querySelector('p')!.textContent);
    expect(steps).toEqual(['Available', 'Approved', 'Pending approval']);
  });
});
