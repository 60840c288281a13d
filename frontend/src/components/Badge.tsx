import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'green' | 'yellow' | 'red' | 'blue' | 'purple' | 'brand';

const tones: Record<Tone, string> = {
  neutral: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  green: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-500/15 dark:text-emerald-300',
  yellow: 'bg-amber-100 text-amber-900 dark:bg-amber-500/15 dark:text-amber-300',
  red: 'bg-red-100 text-red-900 dark:bg-red-500/15 dark:text-red-300',
  blue: 'bg-sky-100 text-sky-900 dark:bg-sky-500/15 dark:text-sky-300',
  purple: 'bg-violet-100 text-violet-900 dark:bg-violet-500/15 dark:text-violet-300',
  brand: 'bg-brand-500 text-slate-950',
};

export function Badge({ tone = 'neutral', children, className = '' }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ${tones[tone]} ${className}`}>
      {children}
    </span>
  );
}
