import { expect, test } from './fixtures';

// The fixture's host is `npm start` on a machine without a display (as on CI): what a new user
// gets from `npm ci && npm start` there is the whole UI in a browser, talking to its own host.

test('npm start without a display serves the UI on loopback, connected to its host', async ({ app, server }) => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(app.getByTestId('connection')).toHaveText('connected');
  // The wizard's presets come from the host over the API, so this is more than static files.
  await app.goto(`${server.url}#/new`);
  await expect(app.getByLabel('Preset')).toBeVisible();
  await expect(app.getByLabel('Preset').locator('option[value="quick"]')).toHaveCount(1);
});
