/**
 * Shared e2e fixture: every test runs with a network guard that records each request of
 * the session (page and workers) and fails on any that leaves the local app origin.
 */
import { test as base, expect, type Page } from '@playwright/test';

export interface Guard {
  requests: string[];
  violations: string[];
}

export const test = base.extend<{ guard: Guard; app: Page }>({
  guard: async ({ context, baseURL }, use) => {
    const guard: Guard = { requests: [], violations: [] };
    const origin = new URL(baseURL!).origin;
    context.on('request', (r) => {
      guard.requests.push(r.url());
      const url = r.url();
      const local = url.startsWith(origin + '/') || url.startsWith('blob:' + origin) || url.startsWith('data:');
      if (!local) guard.violations.push(url);
    });
    await use(guard);
    expect(guard.violations, '离开本机的请求').toEqual([]);
  },
  app: async ({ page, guard }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
    });
    void guard;
    await page.goto('/');
    await expect(page.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
    await use(page);
    expect(errors, 'page errors').toEqual([]);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `tests/artifacts/screens/${name}.png` });
}
