import { describe, expect, it } from 'vitest';
import { FULL_VIEW, buildView, parseRestriction, restrictionQuery } from '../../src/modules/shares/library-view';

describe('share restriction strings (plex.tv filterMovies, filterTelevision, ...)', () => {
  it('reads pairs joined by | with values joined by the literal %2C', () => {
    expect(parseRestriction('contentRating=G%2CPG|label!=adult')).toEqual({ contentRating: ['G', 'PG'], 'label!': ['adult'] });
    expect(parseRestriction('label=family%20night')).toEqual({ label: ['family night'] });
    expect(parseRestriction('')).toBeUndefined();
    expect(parseRestriction('unknown=1|=x|label=')).toBeUndefined();
  });

  it('turns a restriction into Plex library filters', () => {
    expect(restrictionQuery(parseRestriction('contentRating=G%2CPG|label!=adult'))).toEqual({ contentRating: 'G,PG', 'label!': 'adult' });
  });

  it('gives equal shares the same view key and different shares different keys', () => {
    const a = buildView({ allLibraries: false, sectionKeys: ['2', '1'], filters: { movies: 'label=kids' } });
    const b = buildView({ allLibraries: false, sectionKeys: ['1', '2'], filters: { movies: 'label=kids', television: '' } });
    const c = buildView({ allLibraries: false, sectionKeys: ['1', '2'], filters: { movies: 'label=teens' } });
    const d = buildView({ allLibraries: false, sectionKeys: ['1'], filters: { movies: 'label=kids' } });
    expect(a.key).toBe(b.key);
    expect(new Set([a.key, c.key, d.key]).size).toBe(3);
    expect(buildView({ allLibraries: true, sectionKeys: [], filters: {} })).toBe(FULL_VIEW);
  });

  it('applies filterAll to every kind of library together with the kind\'s own filter', () => {
    const view = buildView({ allLibraries: true, sectionKeys: [], filters: { all: 'label!=adult', movies: 'contentRating=G%2CPG', television: 'label!=gore' } });
    expect(view.restrictions.movie).toEqual({ 'label!': ['adult'], contentRating: ['G', 'PG'] });
    expect(view.restrictions.show).toEqual({ 'label!': ['adult', 'gore'] });
    expect(view.restrictions.artist).toEqual({ 'label!': ['adult'] });
    // Two allow-lists with nothing in common allow nothing (not everything).
    const none = buildView({ allLibraries: true, sectionKeys: [], filters: { all: 'label=kids', movies: 'label=teens' } });
    expect(restrictionQuery(none.restrictions.movie).label).not.toMatch(/kids|teens/);
  });
});
