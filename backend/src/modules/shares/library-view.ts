import crypto from 'node:crypto';

/** Restriction of one kind of library (UPSTREAMS F11): allowed and excluded content ratings and labels. */
export interface Restriction {
  contentRating?: string[];
  'contentRating!'?: string[];
  label?: string[];
  'label!'?: string[];
}
const RESTRICTION_KEYS = ['contentRating', 'contentRating!', 'label', 'label!'] as const;

/** The share's restriction strings as plex.tv stores them ("" = none). */
export interface ShareFilters {
  all?: string;
  movies?: string;
  television?: string;
  music?: string;
  photos?: string;
}

/** Which share filter applies to which PMS section type. */
const FILTER_OF_TYPE: Record<string, keyof ShareFilters> = { movie: 'movies', show: 'television', artist: 'music', photo: 'photos' };

/**
 * What one user may see of the server: a set of PMS section keys (or every
 * section, including ones added later) and a restriction per section type.
 * `key` names the view: two users with the same share have the same key, so
 * cache entries built for one are reused for the other, and never for a
 * different view.
 */
export interface LibraryView {
  /** null: every section. */
  sections: ReadonlySet<string> | null;
  restrictions: Readonly<Record<string, Restriction>>;
  key: string;
}

export const FULL_VIEW: LibraryView = Object.freeze({ sections: null, restrictions: Object.freeze({}), key: 'all' });
export const EMPTY_VIEW: LibraryView = Object.freeze({ sections: new Set<string>(), restrictions: Object.freeze({}), key: 'none' });

export function buildView(input: { allLibraries: boolean; sectionKeys: readonly string[]; filters: ShareFilters }): LibraryView {
  const restrictions: Record<string, Restriction> = {};
  for (const [type, field] of Object.entries(FILTER_OF_TYPE)) {
    // filterAll's scope is not documented; applying it to every type is the narrower reading.
    const merged = mergeRestrictions(parseRestriction(input.filters.all ?? ''), parseRestriction(input.filters[field] ?? ''));
    if (merged) restrictions[type] = merged;
  }
  const sections = input.allLibraries ? null : new Set([...input.sectionKeys].sort());
  if (sections === null && Object.keys(restrictions).length === 0) return FULL_VIEW;
  const canonical = JSON.stringify({ s: sections === null ? '*' : [...sections], r: Object.keys(restrictions).sort().map((t) => [t, restrictionKey(restrictions[t])]) });
  return { sections, restrictions, key: crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16) };
}

export function canSeeSection(view: LibraryView, sectionKey: string): boolean {
  return view.sections === null || view.sections.has(sectionKey);
}

export function restrictionOf(view: LibraryView, sectionType: string): Restriction | undefined {
  return view.restrictions[sectionType];
}

/**
 * `contentRating=G%2CPG|label!=adult` → { contentRating: [G, PG], 'label!': [adult] }.
 * Pairs are joined by `|`, several values of one key by the literal text `%2C`
 * (python-plexapi's `_filterDictToStr`); values may be URL-escaped ([GPC] sends
 * `label=<escaped>`). Unknown keys are ignored. Undefined when nothing restricts.
 */
export function parseRestriction(text: string): Restriction | undefined {
  const out: Restriction = {};
  for (const pair of text.split('|')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim() as (typeof RESTRICTION_KEYS)[number];
    if (!RESTRICTION_KEYS.includes(name)) continue;
    const values = pair
      .slice(eq + 1)
      .split(/%2C/i)
      .flatMap((v) => safeDecode(v).split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length > 0) out[name] = [...new Set([...(out[name] ?? []), ...values])];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Both restrictions at once (how PMS combines several is undocumented; all of them is the narrower reading). */
function mergeRestrictions(a: Restriction | undefined, b: Restriction | undefined): Restriction | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Restriction = { ...a };
  for (const name of RESTRICTION_KEYS) {
    const x = a[name];
    const y = b[name];
    if (!y) continue;
    // Two allow-lists: only values both allow; two deny-lists: everything either denies.
    out[name] = !x ? y : name.endsWith('!') ? [...new Set([...x, ...y])] : intersect(x, y);
  }
  return out;
}

/** Allowed by both; when none is, a value no item carries (an empty list would read as "no restriction"). */
function intersect(x: string[], y: string[]): string[] {
  const both = x.filter((v) => y.includes(v));
  return both.length > 0 ? both : [NOTHING];
}
const NOTHING = 'medianest-allows-nothing';

/** Stable text of a restriction for cache keys. */
export function restrictionKey(r: Restriction | undefined): string {
  if (!r) return '-';
  return RESTRICTION_KEYS.filter((k) => r[k]?.length).map((k) => `${k}=${[...(r[k] ?? [])].sort().join(',')}`).join('|');
}

/**
 * The restriction as PMS listing filters: the share strings are PMS's own filter
 * expressions (`label=kids`, `contentRating!=R`), values joined by commas.
 */
export function restrictionQuery(r: Restriction | undefined): Record<string, string> {
  const q: Record<string, string> = {};
  if (!r) return q;
  for (const k of RESTRICTION_KEYS) if (r[k]?.length) q[k] = (r[k] ?? []).join(',');
  return q;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}
