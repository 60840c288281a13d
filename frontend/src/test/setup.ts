import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { disposeClients } from './renderApp';

// Lazily loaded pages are compiled on first use in tests; give them time on slow machines.
configure({ asyncUtilTimeout: 5000 });

function stubMatchMedia(prefersLight = false) {
  window.matchMedia = vi.fn((query: string) => ({
    matches: prefersLight && query.includes('light'),
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}

// jsdom has no canvas; axe-core probes it and only needs to learn that it is missing.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
  stubMatchMedia();
  window.scrollTo = vi.fn() as unknown as typeof window.scrollTo;
});

afterEach(() => {
  cleanup();
  disposeClients();
});

export { stubMatchMedia };
