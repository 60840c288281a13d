import { Link } from 'react-router';
import { useServices } from '../../api/queries/services';
import { ExternalIcon } from '../../components/icons';
import { PageHeader, Section } from '../../components/PageHeader';
import { FAQ } from './faq';

const STEPS = [
  { title: 'Watch in Plex', text: 'Everything on the server plays in any Plex app (TV, phone, browser) signed in with your Plex account.' },
  { title: 'Look around', text: 'The Library shows what is on the server; the Dashboard shows what was added lately and whether everything is running.' },
  { title: 'Request what is missing', text: 'Search at the top of any page. If a title is not here yet, select Request; shows let you pick seasons.' },
  { title: 'Follow your requests', text: 'My requests shows where each one is. The bell tells you when something is approved or ready to watch.' },
];

const PLEX_LINKS = [
  { href: 'https://app.plex.tv/desktop', label: 'Plex in your browser', text: 'Watch without installing anything.' },
  { href: 'https://www.plex.tv/apps-devices/', label: 'Plex apps', text: 'For TVs, phones, tablets and consoles.' },
  { href: 'https://support.plex.tv/', label: 'Plex support', text: 'Help with playback and apps.' },
];

function ExternalCard({ href, label, text }: { href: string; label: string; text: string }) {
  return (
    <li>
      <a href={href} target="_blank" rel="noopener noreferrer" className="card flex items-start gap-3 p-4 transition hover:bg-slate-50 dark:hover:bg-slate-800/60">
        <ExternalIcon className="mt-0.5 h-5 w-5 shrink-0 text-brand-700 dark:text-brand-400" />
        <span>
          <span className="block font-semibold">
            {label}
            <span className="sr-only"> (opens in a new tab)</span>
          </span>
          <span className="text-sm text-slate-600 dark:text-slate-400">{text}</span>
        </span>
      </a>
    </li>
  );
}

export default function HelpPage() {
  const services = useServices();
  const serviceLinks = (services.data ?? []).filter((service) => service.url);
  return (
    <>
      <PageHeader title="Help" description="New here? This is all you need to get going." />
      <Section title="Getting started">
        <ol className="grid grid-cols-1 gap-4 md:grid-cols-2 2xl:grid-cols-4">
          {STEPS.map((step, index) => (
            <li key={step.title} className="card p-4">
              <span className="inline-flex h-7 w-7 items-center justify-center rounded-full bg-brand-500 text-sm font-bold text-slate-950">
                {index + 1}
              </span>
              <h3 className="mt-3 font-semibold">{step.title}</h3>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{step.text}</p>
            </li>
          ))}
        </ol>
        <p className="mt-4 text-sm">
          Ready? <Link to="/discover" className="font-medium text-brand-700 underline dark:text-brand-400">Find something to request</Link>{' '}
          or <Link to="/library" className="font-medium text-brand-700 underline dark:text-brand-400">browse the library</Link>.
        </p>
      </Section>
      <Section title="Quick links">
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {PLEX_LINKS.map((link) => (
            <ExternalCard key={link.href} {...link} />
          ))}
          {serviceLinks.map((service) => (
            <ExternalCard key={service.id} href={service.url!} label={service.name} text="Open this service (admins)." />
          ))}
        </ul>
      </Section>
      <Section title="Frequently asked questions">
        <div className="card divide-y divide-slate-200 dark:divide-slate-800">
          {FAQ.map((entry) => (
            <details key={entry.q} className="group p-4">
              <summary className="cursor-pointer list-none font-medium marker:hidden">
                <span className="flex items-center justify-between gap-3">
                  {entry.q}
                  <span aria-hidden="true" className="text-slate-500 transition group-open:rotate-45">
                    +
                  </span>
                </span>
              </summary>
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{entry.a}</p>
            </details>
          ))}
        </div>
      </Section>
    </>
  );
}
