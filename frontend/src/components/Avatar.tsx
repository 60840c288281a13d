import { useState } from 'react';

/** The user's Plex avatar, or their initial when there is none or it cannot be loaded (plex.tv unreachable). */
export function Avatar({ name, src, size = 'h-9 w-9' }: { name: string; src?: string | null; size?: string }) {
  const [failed, setFailed] = useState(false);
  return src && !failed ? (
    <img src={src} alt="" onError={() => setFailed(true)} className={`${size} shrink-0 rounded-full object-cover`} />
  ) : (
    <span
      aria-hidden="true"
      className={`${size} inline-flex shrink-0 items-center justify-center rounded-full bg-brand-500 text-sm font-bold text-slate-950`}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
