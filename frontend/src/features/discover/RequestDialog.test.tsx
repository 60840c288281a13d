import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json, type Routes } from '../../test/fetchMock';
import { alice, makeRequest, makeResult, services } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';
import type { TitleSeason } from '../../api/types';

const show = makeResult();
const movie = makeResult({ tmdbId: 603, mediaType: 'movie', title: 'The Matrix', year: 1999 });
const season = (seasonNumber: number, status: TitleSeason['status'] = 'not_requested'): TitleSeason => ({
  seasonNumber,
  name: `Season ${seasonNumber}`,
  episodeCount: 10,
  airDate: null,
  status,
  requestable: status === 'not_requested',
});
const showDetails = (seasons: TitleSeason[]) => ({
  ...show,
  releaseDate: '2011-04-17',
  genres: [],
  runtimeMinutes: 60,
  rating: 8.4,
  cast: [],
  trailerUrl: null,
  plexUrl: null,
  action: 'request',
  seasons,
});

function discover(routes: Routes = {}) {
  return renderApp('/discover?q=thrones', {
    user: alice,
    routes: {
      'GET /api/v1/media/search': json(200, { results: [show, movie], page: 1, totalPages: 1 }),
      'GET /api/v1/media/tv/1399': json(200, showDetails([season(1), season(2), season(3)])),
      ...routes,
    },
  });
}

describe('Requesting from Discover', () => {
  it('shows availability badges and sends the chosen seasons of a show', async () => {
    const { user, mock } = discover({
      'GET /api/v1/media/search': json(200, {
        results: [show, { ...movie, status: 'available' }],
        page: 1,
        totalPages: 1,
      }),
      'POST /api/v1/media/requests': json(201, makeRequest({ mediaType: 'tv', title: show.title, seasons: [1, 3] })),
    });

    const matrix = (await screen.findByRole('heading', { name: /The Matrix/ })).closest('li')!;
    expect(within(matrix).getByText('Available')).toBeInTheDocument();
    expect(within(matrix).queryByRole('button', { name: /Request/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Request: Game of Thrones (2011)' }));
    const dialog = screen.getByRole('dialog', { name: 'Request Game of Thrones (2011)?' });
    await user.click(await within(dialog).findByLabelText('Only the seasons I choose'));
    expect(within(dialog).getByRole('button', { name: 'Request seasons' })).toBeDisabled();
    await user.click(within(dialog).getByLabelText('Season 3'));
    await user.click(within(dialog).getByLabelText('Season 1'));
    await user.click(within(dialog).getByRole('button', { name: 'Request seasons' }));

    expect(await screen.findByText('Requested Game of Thrones')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/media/requests')[0]!.body).toEqual({ tmdbId: 1399, mediaType: 'tv', seasons: [1, 3] });
  });

  it('offers only the seasons still missing from a partly available show', async () => {
    const { user, mock } = discover({
      'GET /api/v1/media/search': json(200, { results: [{ ...show, status: 'partially_available' }], page: 1, totalPages: 1 }),
      'GET /api/v1/media/tv/1399': json(200, showDetails([season(1, 'available'), season(2, 'requested'), season(3), season(4)])),
      'POST /api/v1/media/requests': json(201, makeRequest({ mediaType: 'tv', title: show.title, seasons: [4] })),
    });

    await user.click(await screen.findByRole('button', { name: 'Request more: Game of Thrones (2011)' }));
    const dialog = screen.getByRole('dialog', { name: 'Request Game of Thrones (2011)?' });
    expect(await within(dialog).findByLabelText('Season 1')).toBeDisabled();
    expect(within(dialog).getByLabelText('Season 2')).toBeDisabled();
    expect(within(dialog).getByText('Available')).toBeInTheDocument();
    expect(within(dialog).getByText('Requested')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('All seasons, including future ones')).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Season 5')).not.toBeInTheDocument();
    await user.click(within(dialog).getByLabelText('Season 4'));
    await user.click(within(dialog).getByRole('button', { name: 'Request seasons' }));

    expect(await screen.findByText('Requested Game of Thrones')).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/media/requests')[0]!.body).toEqual({ tmdbId: 1399, mediaType: 'tv', seasons: [4] });
  });

  it('requests a movie without seasons after confirmation', async () => {
    const { user, mock } = discover({ 'POST /api/v1/media/requests': json(201, makeRequest()) });

    await user.click(await screen.findByRole('button', { name: 'Request: The Matrix (1999)' }));
    await user.click(screen.getByRole('button', { name: 'Request movie' }));

    expect(await screen.findByText('Requested The Matrix')).toBeInTheDocument();
    expect(mock.callsTo('POST', '/api/v1/media/requests')[0]!.body).toEqual({ tmdbId: 603, mediaType: 'movie' });
  });

  it('explains a duplicate request and links to My requests', async () => {
    const { user } = discover({ 'POST /api/v1/media/requests': apiError(409, 'DUPLICATE_REQUEST') });

    await user.click(await screen.findByRole('button', { name: 'Request: The Matrix (1999)' }));
    await user.click(screen.getByRole('button', { name: 'Request movie' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already requested');
    expect(within(alert).getByRole('link', { name: 'See your requests' })).toHaveAttribute('href', '/requests');
    expect(screen.getByRole('button', { name: 'Request movie' })).toBeDisabled();
  });

  it('says when the hourly limit resets', async () => {
    const { user } = discover({
      'POST /api/v1/media/requests': apiError(429, 'RATE_LIMITED', 'Too many requests', {}, { 'Retry-After': '1500' }),
    });

    await user.click(await screen.findByRole('button', { name: 'Request: The Matrix (1999)' }));
    await user.click(screen.getByRole('button', { name: 'Request movie' }));

    const alert = await screen.findByRole('alert');
    const resetsAt = new Date(Date.now() + 1_500_000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(alert).toHaveTextContent('Hourly request limit reached');
    expect(alert).toHaveTextContent(`You can request again at ${resetsAt} (in 25 minutes)`);
  });

  it('greys out request features when Overseerr is down', async () => {
    const { user } = discover({
      'POST /api/v1/media/requests': apiError(503, 'SERVICE_UNAVAILABLE', 'Overseerr timed out', { service: 'overseerr' }),
    });

    await user.click(await screen.findByRole('button', { name: 'Request: The Matrix (1999)' }));
    await user.click(screen.getByRole('button', { name: 'Request movie' }));

    expect(await screen.findByRole('alert')).toHaveTextContent("Overseerr isn't answering");
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText('Requests are unavailable right now')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Request: Game of Thrones (2011)' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Request: The Matrix (1999)' })).toBeDisabled();
  });

  it('greys out requests up front when the status checks say Overseerr is down, and still shows search errors', async () => {
    discover({
      'GET /api/v1/services': json(200, {
        items: services.map((service) => (service.id === 'overseerr' ? { ...service, status: 'down' } : service)),
      }),
    });

    expect(await screen.findByRole('button', { name: 'Request: The Matrix (1999)' })).toBeDisabled();
    expect(screen.getByText('Requests are unavailable right now')).toBeInTheDocument();
  });

  it('clears the search box when the user leaves Discover', async () => {
    const { user } = discover();
    const box = screen.getByRole('searchbox', { name: 'Search movies and shows' });
    expect(box).toHaveValue('thrones');
    await screen.findByRole('heading', { name: /The Matrix/ });
    await user.click(screen.getAllByRole('link', { name: /My requests|Requests/ })[0]!);
    expect(await screen.findByRole('heading', { name: 'My requests', level: 1 })).toBeInTheDocument();
    // The box is cleared by an effect of the navigation, which may land just after the new page.
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search movies and shows' })).toHaveValue(''));
  });

  it('keeps the page usable when the search itself fails because Overseerr is down', async () => {
    discover({ 'GET /api/v1/media/search': apiError(503, 'SERVICE_UNAVAILABLE', 'down', { service: 'overseerr' }) });
    expect(await screen.findByText('Requests are unavailable right now')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search movies and shows' })).toHaveValue('thrones');
  });
});
