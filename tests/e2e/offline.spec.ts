import { expect, test } from './fixtures.ts';

test('a whole session stays on the local origin, workers and wasm included, under the CSP', async ({ app, guard }) => {
  // Use every screen, so their requests are recorded too.
  for (const name of ['数据', '透视', '趋势', '对比', '排名', '简报', '总览']) {
    await app.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }
  await expect(app.getByTestId('overview')).toBeVisible();
  // The engine's own files were fetched (by the worker) and seen by the guard, so the
  // guard really covers worker traffic; no request went anywhere else (checked on teardown).
  expect(guard.requests.some((u) => /duckdb-eh-.*\.wasm$/.test(u))).toBe(true);
  expect(guard.requests.some((u) => /duckdb-browser-eh\.worker-.*\.js$/.test(u))).toBe(true);
  expect(guard.requests.some((u) => /\.woff2$/.test(u))).toBe(true);
});

test('the app is served with the production Content-Security-Policy header', async ({ request }) => {
  const res = await request.get('/');
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toMatch(/https?:/);
});

test('a request to the outside world is refused by the CSP', async ({ page, guard }) => {
  void guard;
  await page.goto('/');
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 45_000 });
  const violations: string[] = [];
  page.on('console', (m) => violations.push(m.text()));
  const result = await page.evaluate(async () => {
    try {
      await fetch('https://cdn.jsdelivr.net/npm/@duckdb/duckdb-wasm/package.json');
      return 'fetched';
    } catch {
      return 'blocked';
    }
  });
  expect(result).toBe('blocked');
  expect(violations.join('\n')).toContain('Content Security Policy');
});
