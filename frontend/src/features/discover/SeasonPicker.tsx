import type { TitleSeason } from '../../api/types';
import { STATE_LABEL } from '../../widgets/StateBadge';

/**
 * The show's regular seasons, each with its state. Seasons already requested or on the server
 * cannot be picked. "All seasons" (future ones included) is offered only while nothing of the
 * show is requested or available.
 */
export function SeasonPicker({
  seasons,
  all,
  onAllChange,
  selected,
  onSelectedChange,
}: {
  seasons: TitleSeason[];
  all: boolean;
  onAllChange: (all: boolean) => void;
  selected: number[];
  onSelectedChange: (seasons: number[]) => void;
}) {
  const offerAll = seasons.length > 0 && seasons.every((s) => s.requestable);
  const toggle = (season: number) =>
    onSelectedChange(selected.includes(season) ? selected.filter((value) => value !== season) : [...selected, season]);
  const choosing = !offerAll || !all;
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">Seasons</legend>
      {offerAll ? (
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
      ) : null}
      {choosing ? (
        <ul className="mt-3 max-h-72 space-y-1 overflow-y-auto">
          {seasons.map((season) => (
            <li key={season.seasonNumber}>
              <label
                className={`flex items-center justify-between gap-3 rounded-lg border px-3 py-2 text-sm ${
                  season.requestable
                    ? 'cursor-pointer border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'
                    : 'border-slate-200 text-slate-500 dark:border-slate-800 dark:text-slate-400'
                }`}
              >
                <span className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    className="h-4 w-4 accent-brand-500"
                    aria-label={season.name === `Season ${season.seasonNumber}` ? season.name : `Season ${season.seasonNumber}: ${season.name}`}
                    disabled={!season.requestable}
                    checked={season.requestable && selected.includes(season.seasonNumber)}
                    onChange={() => toggle(season.seasonNumber)}
                  />
                  {season.name}
                  {season.episodeCount ? <span className="text-xs text-slate-500 dark:text-slate-400">{season.episodeCount} episodes</span> : null}
                </span>
                <span className="text-xs">{season.requestable ? '' : STATE_LABEL[season.status]}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
