import { Button } from '../components/Button';
import { type TitleType, useFollow, useSetFollow } from '../api/queries/follows';

/**
 * "Notify me when it's available": follow or unfollow a title by its TMDB id,
 * wherever a title is shown (search results, requests, library items).
 */
export function FollowButton({ tmdbId, mediaType, title, size = 'sm' }: { tmdbId: number; mediaType: TitleType; title?: string; size?: 'sm' | 'md' }) {
  const follow = useFollow(mediaType, tmdbId);
  const set = useSetFollow(mediaType, tmdbId, title);
  const following = Boolean(follow.data);
  // The accessible name starts with the visible text (WCAG 2.5.3); aria-pressed says which state it is in.
  const label = title ? (following ? `Following ${title}` : `Notify me when ${title} is available`) : undefined;
  return (
    <Button
      type="button"
      variant={following ? 'secondary' : 'ghost'}
      size={size}
      aria-pressed={following}
      aria-label={label}
      disabled={follow.isLoading || set.isPending}
      onClick={() => set.mutate(!following)}
      title={following ? 'You will be told when it is available' : 'Be told when it is available'}
    >
      {following ? 'Following' : 'Notify me'}
    </Button>
  );
}
