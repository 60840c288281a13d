import { useState } from 'react';

const STEP = 10;

/**
 * "All seasons" or a choice of season numbers. The search results do not say how many seasons
 * a show has, so numbers are offered ten at a time.
 */
export function SeasonPicker({
  all,
  onAllChange,
  selected,
  onSelectedChange,
}: {
  all: boolean;
  onAllChange: (all: boolean) => void;
  selected: number[];
  onSelectedChange: (seasons: number[]) => void;
}) {
  const [shown, setShown] = useState(Math.max(STEP, ...selected));
  const toggle = (season: number) =>
    onSelectedChange(selected.includes(season) ? selected.filter((value) => value !== season) : [...selected, season]);
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">Seasons</legend>
      <div className="space-y-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="season-mode" checked={all} onChange={() => onAllChange(true)} className="h-4 w-4 accent-brand-500" />
          All seasons, including future ones
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="season-mode" checked={!all} onChange={() => onAllChange(false)} className="h-4 w-4 accent-brand-500" />
          Only the seasons I choose
        </label>
      </div>
      {!all ? (
        <div className="mt-3">
          <ul className="grid grid-cols-5 gap-2">
            {Array.from({ length: shown }, (_, index) => index + 1).map((season) => (
              <li key={season}>
                <label
                  className={`flex cursor-pointer items-center justify-center rounded-lg border px-2 py-2 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
                    selected.includes(season)
                      ? 'border-brand-500 bg-brand-500 text-slate-950'
                      : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'
                  }`}
                >
                  <input
                    type="checkbox"
                    className="sr-only"
                    aria-label={`Season ${season}`}
                    checked={selected.includes(season)}
                    onChange={() => toggle(season)}
                  />
                  <span aria-hidden="true">{season}</span>
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => setShown((value) => value + STEP)}
            className="mt-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400"
          >
            More seasons
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
