import { missingBuilds } from './paths';

/** Fails the run (never skips) when a build or Chromium is missing: the suite tests what `npm start` serves. */
export default function setup(): void {
  const missing = missingBuilds();
  if (missing.length > 0) {
    throw new Error(
      `The end-to-end tests cannot run (they never skip): missing\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
        'Build with `npm run build` at the repository root; install Chromium with `apt-get install chromium`.',
    );
  }
}
