import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fetchMock';
import { alice, makeItem } from '../../test/fixtures';
import { renderApp } from '../../test/renderApp';

const PLEX_URL = 'https://app.plex.tv/desktop#!/server/abc123/details?key=%2Flibrary%2Fmetadata%2Fi-1';

describe('Library item page', () => {
  it('links a movie to Plex and shows no empty contents box', async () => {
    renderApp('/item/i-1', {
      user: alice,
      routes: {
        'GET /api/v1/plex/items/i-1': json(200, { ...makeItem({ id: 'i-1', title: 'Heat' }), summary: 'A heist.', children: [], runtimeMinutes: 170, genres: ['Crime'], rating: 8.3, contentRating: 'R', cast: [], plexUrl: PLEX_URL }),
      },
    });
    const link = await screen.findByRole('link', { name: 'Watch on Plex' });
    expect(link).toHaveAttribute('href', PLEX_URL);
    expect(link).toHaveAttribute('target', '_blank');
    expect(screen.queryByText(/No contents yet/i)).not.toBeInTheDocument();
  });

  it('offers no Plex link when the server could not say who it is', async () => {
    renderApp('/item/i-1', {
      user: alice,
      routes: {
        'GET /api/v1/plex/items/i-1': json(200, { ...makeItem({ id: 'i-1', title: 'Heat' }), summary: null, children: [], runtimeMinutes: null, genres: [], rating: null, contentRating: null, cast: [], plexUrl: null }),
      },
    });
    expect(await screen.findByRole('heading', { name: 'Heat', level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Watch on Plex' })).not.toBeInTheDocument();
  });
});
