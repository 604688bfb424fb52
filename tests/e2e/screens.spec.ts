import { expect, screenshot, test } from './fixtures.ts';

test('every screen renders Chinese text with the bundled font and fits 1366×768', async ({ app }) => {
  const screens = ['总览', '数据', '透视', '趋势', '对比', '排名', '简报'];
  for (const [i, name] of screens.entries()) {
    await app.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await expect(app.getByRole('button', { name: new RegExp(`^${name}`) })).toHaveAttribute('aria-current', 'page');
    const layout = await app.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      width: window.innerWidth,
      height: window.innerHeight,
    }));
    expect(layout.scrollWidth, `${name}: no horizontal page overflow`).toBeLessThanOrEqual(layout.width);
    expect(layout.scrollHeight, `${name}: no vertical page overflow`).toBeLessThanOrEqual(layout.height);
    await screenshot(app, `screen-${i + 1}`);
  }
  // The bundled Noto Sans SC (not a system font) is what renders the UI.
  const fontLoaded = await app.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].some((f) => f.family.includes('Noto Sans SC') && f.status === 'loaded');
  });
  expect(fontLoaded).toBe(true);
});

test('Ctrl+number switches screens', async ({ app }) => {
  await app.keyboard.press('Control+2');
  await expect(app.getByRole('button', { name: /^数据/ })).toHaveAttribute('aria-current', 'page');
  await app.keyboard.press('Control+1');
  await expect(app.getByTestId('overview')).toBeVisible();
});
