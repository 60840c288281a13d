import { missingBuilds } from './paths';

/** Fails the run (never skips) when either build is missing: the suite tests what `npm start` serves. */
export default function setup(): void {
  const missing = missingBuilds();
  if (missing.length > 0) {
    throw new Error(
      `End-to-end tests need both builds, and these are missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
        'Run `npm run build` at the repository root first.',
    );
  }
}
