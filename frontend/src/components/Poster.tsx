import { useState } from 'react';
import { Link } from 'react-router';
import { FilmIcon } from './icons';
import { Skeleton } from './Skeleton';

/** A lazily loaded poster (signed image URL from the API) with a titled fallback. */
export function PosterImage({ src, alt, className = '' }: { src: string | null | undefined; alt: string; className?: string }) {
  const [failed, setFailed] = useState(false);
  return (
    <div className={`relative aspect-[2/3] overflow-hidden rounded-lg bg-slate-200 dark:bg-slate-800 ${className}`}>
      {src && !failed ? (
        <img
          src={src}
          alt={alt}
          loading="lazy"
          decoding="async"
          onError={() => setFailed(true)}
          className="h-full w-full object-cover"
        />
      ) : (
        <div className="flex h-full w-full items-center justify-center p-2 text-center text-xs text-slate-600 dark:text-slate-400">
          {alt ? <span aria-hidden="true">{alt}</span> : <FilmIcon className="h-1/4 max-h-10 w-1/4 max-w-10 opacity-60" />}
        </div>
      )}
    </div>
  );
}

export function PosterCard({ to, title, subtitle, src }: { to: string; title: string; subtitle?: string | null; src: string | null }) {
  return (
    <Link to={to} className="group block rounded-lg focus-visible:outline-offset-4">
      <PosterImage src={src} alt="" className="transition group-hover:ring-2 group-hover:ring-brand-500" />
      <p className="mt-2 truncate text-sm font-medium" title={title}>
        {title}
      </p>
      {subtitle ? <p className="truncate text-xs text-slate-600 dark:text-slate-400">{subtitle}</p> : null}
    </Link>
  );
}

export function PosterGrid({ children, label }: { children: React.ReactNode; label?: string }) {
  return (
    <ul
      aria-label={label}
      className="grid grid-cols-2 gap-4 min-[400px]:grid-cols-3 sm:grid-cols-4 md:grid-cols-5 xl:grid-cols-6 2xl:grid-cols-8 [@media(min-width:2200px)]:grid-cols-10"
    >
      {children}
    </ul>
  );
}

export function PosterGridSkeleton({ count = 12, label = 'Loading titles' }: { count?: number; label?: string }) {
  return (
    <div
      role="status"
      aria-label={label}
      className="grid grid-cols-2 gap-4 min-[400px]:grid-cols-3 sm:grid-cols-4 md:grid-cols-5 xl:grid-cols-6 2xl:grid-cols-8"
    >
      {Array.from({ length: count }, (_, index) => (
        <div key={index}>
          <Skeleton className="aspect-[2/3]" />
          <Skeleton className="mt-2 h-3 w-3/4" />
        </div>
      ))}
    </div>
  );
}

/** One row of posters that scrolls sideways (dashboard rows); items use POSTER_ROW_ITEM. */
export function PosterRow({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <ul aria-label={label} className="flex snap-x gap-4 overflow-x-auto pb-2">
      {children}
    </ul>
  );
}

export const POSTER_ROW_ITEM = 'w-28 shrink-0 snap-start sm:w-36';

export function PosterRowSkeleton({ count = 6, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-label={label} className="flex gap-4 overflow-hidden pb-2">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className={POSTER_ROW_ITEM}>
          <Skeleton className="aspect-[2/3]" />
          <Skeleton className="mt-2 h-3 w-3/4" />
        </div>
      ))}
    </div>
  );
}
