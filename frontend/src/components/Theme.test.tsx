import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubMatchMedia } from '../test/setup';
import { THEME_KEY, ThemeProvider, ThemeToggle } from './Theme';

function renderToggle() {
  return render(
    <ThemeProvider>
      <ThemeToggle />
    </ThemeProvider>,
  );
}

describe('Theme', () => {
  it('is dark by default', () => {
    renderToggle();
    expect(document.documentElement).toHaveClass('dark');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
  });

  it('switches to light and remembers the choice', async () => {
    const view = renderToggle();
    await userEvent.click(screen.getByRole('button', { name: 'Switch to light theme' }));

    expect(document.documentElement).not.toHaveClass('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('light');

    view.unmount();
    renderToggle();
    expect(document.documentElement).not.toHaveClass('dark');
    expect(screen.getByRole('button', { name: 'Switch to dark theme' })).toBeInTheDocument();
  });

  it("follows a light system preference only while the user hasn't chosen", async () => {
    stubMatchMedia(true);
    const view = renderToggle();
    expect(document.documentElement).not.toHaveClass('dark');

    await userEvent.click(screen.getByRole('button', { name: 'Switch to dark theme' }));
    view.unmount();
    renderToggle();
    expect(document.documentElement).toHaveClass('dark');
  });
});
