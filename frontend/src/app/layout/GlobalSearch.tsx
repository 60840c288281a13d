import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { SearchIcon } from '../../components/icons';

const SEARCH_DEBOUNCE_MS = 350;

/** The search box on every page: finds titles to watch or request (Discover). */
export function GlobalSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const onDiscover = location.pathname === '/discover';
  const [value, setValue] = useState(onDiscover ? (params.get('q') ?? '') : '');

  // The box shows the search being looked at: Discover's query there, empty anywhere else
  // (not a stale query from a page the user has left).
  useEffect(() => {
    setValue(onDiscover ? (params.get('q') ?? '') : '');
  }, [onDiscover, params]);

  // Search as you type on Discover: the results follow the box once typing pauses.
  const current = params.get('q') ?? '';
  useEffect(() => {
    if (!onDiscover || value === current) return undefined;
    const timer = setTimeout(() => {
      navigate(value.trim() ? `/discover?q=${encodeURIComponent(value)}` : '/discover', { replace: true });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, current, onDiscover, navigate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = value.trim();
    navigate(q ? `/discover?q=${encodeURIComponent(q)}` : '/discover');
  };

  return (
    <form role="search" onSubmit={submit} className="relative min-w-0 flex-1 lg:max-w-xl">
      <label htmlFor="global-search" className="sr-only">
        Search movies and shows
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500 dark:text-slate-400" />
      <input
        id="global-search"
        type="search"
        value={value}
        maxLength={100}
        onChange={(event) => setValue(event.target.value)}
        placeholder="Search movies and shows"
        autoComplete="off"
        enterKeyHint="search"
        className="field-input rounded-full py-2 pr-3 pl-9"
      />
    </form>
  );
}
