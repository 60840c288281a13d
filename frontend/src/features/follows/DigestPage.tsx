import { Link } from 'react-router';
import { PageHeader, Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useDigest } from '../../api/queries/follows';

function List({ items }: { items: Array<{ key: string; text: string; link?: string }> }) {
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing this week.</p>;
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      {items.map((i) => (
        <li key={i.key}>{i.link ? <Link className="hover:underline" to={i.link}>{i.text}</Link> : i.text}</li>
      ))}
    </ul>
  );
}

/** The weekly digest, as of now. */
export default function DigestPage() {
  const digest = useDigest();
  return (
    <>
      <PageHeader title="Your week" description="What was added, what became available, and where the titles you follow stand." />
      {digest.isLoading ? (
        <SkeletonList rows={4} label="Loading your digest" />
      ) : digest.isError || !digest.data ? (
        <ErrorState title="Could not load your digest" />
      ) : (
        <div className="space-y-6">
          <Section title="New in the library">
            <List items={digest.data.added.map((a, n) => ({ key: `a${n}`, text: a.title, link: a.link }))} />
          </Section>
          <Section title="Your requests now available">
            <List items={digest.data.available.map((a, n) => ({ key: `r${n}`, text: a.title, link: a.link }))} />
          </Section>
          <Section title="Titles you follow">
            <List items={digest.data.following.map((f) => ({ key: `${f.mediaType}${f.tmdbId}`, text: `${f.title} (${f.status.replace(/_/g, ' ')})` }))} />
          </Section>
        </div>
      )}
    </>
  );
}
