import { Button } from '../../components/Button';
import { type TitleType, useFollow, useSetFollow } from './api';

/**
 * "Notify me when it's available": follow or unfollow a title by its TMDB id,
 * wherever a title is shown (search results, requests, library items).
 */
export function FollowButton({ tmdbId, mediaType, title, size = 'sm' }: { tmdbId: number; mediaType: TitleType; title?: string; size?: 'sm' | 'md' }) {
  const follow = useFollow(mediaType, tmdbId);
  const set = useSetFollow(mediaType, tmdbId, title);
  const following = Boolean(follow.data);
  const label = title ? `${following ? 'Unfollow' : 'Follow'} ${title}` : undefined;
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
