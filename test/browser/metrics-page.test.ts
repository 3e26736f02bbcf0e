// Browser test of /metrics on a real engine: the empty state, then charts drawn from seeded
// conversations (canvas with data), filters in the URL, the CSV export, English and French.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, UI_TIMEOUT, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let channel: { id: string };

beforeAll(async () => {
  h = await startHarness();
  channel = await h.stack.createSandboxChannel();
}, 240_000);

afterEach(async () => {
  await h.closePages();
});

afterAll(async () => {
  await h?.stop();
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Three customers write; the first two get an answer and are resolved. */
async function seed() {
  for (const n of [1, 2, 3]) {
    await h.stack.sendSandboxMessage(channel.id, { id: `m-${n}`, from: { id: `customer-${n}`, name: `Customer ${n}` }, text: `Bonjour, question ${n}`, kind: 'private' });
  }
  const page = await until(
    () => h.api<{ items: { id: string }[] }>('GET', '/api/conversations?limit=10'),
    (p) => p.items.length === 3,
    'three conversations',
  );
  for (const c of page.items.slice(0, 2)) {
    await h.api('POST', `/api/conversations/${c.id}/assign`, { userId: 'me' });
    await h.api('POST', `/api/conversations/${c.id}/reply`, { text: 'Bonjour, voici la réponse.' });
    await h.api('POST', `/api/conversations/${c.id}/resolve`, {});
  }
  await until(
    () => h.api<{ totals: { received: number; resolved: number } }>('GET', '/api/metrics'),
    (m) => m.totals.received === 3 && m.totals.resolved === 2,
    'the metrics to count the seeded conversations',
  );
}

describe('metrics page', () => {
  it('says what to do when there is no activity yet', async () => {
    const page = await h.openPage('metrics-empty');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('nav-metrics').click();
    await page.getByTestId('metrics-empty').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('metrics-empty').textContent()).toContain('connect a channel');
    expect(await page.locator('[data-testid^="chart-"]').count()).toBe(0);
    await h.shot(page, 'metrics-empty-en');
  });

  it('draws its charts from the seeded conversations, keeps the filters in the URL and exports the series as CSV', async () => {
    await seed();
    const page = await h.openPage('metrics-charts');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.getByTestId('nav-metrics').click();
    const volume = page.getByTestId('chart-volume');
    await volume.locator('canvas').waitFor({ timeout: UI_TIMEOUT });
    for (const id of ['volume', 'firstResponse', 'resolution', 'csat']) {
      await page.getByTestId(`chart-${id}`).locator('canvas').waitFor();
      expect(Number(await page.getByTestId(`chart-${id}`).getAttribute('data-points'))).toBe(7);
    }
    expect(await page.getByTestId('kpi-received').locator('.kpi-value').textContent()).toBe('3');
    expect(await page.getByTestId('kpi-resolved').locator('.kpi-value').textContent()).toBe('2');
    // Something is painted: the canvas is not blank.
    const painted = await volume.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && !(data[i]! > 240 && data[i + 1]! > 240 && data[i + 2]! > 240)) coloured++;
      return coloured;
    });
    expect(painted).toBeGreaterThan(500);
    await h.shot(page, 'metrics-en');

    await page.getByTestId('metrics-interval').selectOption('week');
    await page.waitForURL(/interval=week/);
    await page.getByTestId('metrics-channel').selectOption(channel.id);
    await page.waitForURL(new RegExp(`channelId=${channel.id}`));
    await page.reload();
    await page.getByTestId('chart-volume').locator('canvas').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('metrics-interval').inputValue()).toBe('week');
    expect(await page.getByTestId('metrics-channel').inputValue()).toBe(channel.id);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('date,received,created,resolved,first_response_p50_seconds,first_response_p90_seconds,resolution_p50_seconds,resolution_p90_seconds,csat_responses,csat_average');
    const counted = csv.slice(1).map((line) => line.split(',')).reduce((sum, cells) => sum + Number(cells[1]), 0);
    expect(counted).toBe(3);
  });

  it('speaks French: its heading, tiles and buttons', async () => {
    await h.api('PUT', '/api/me', { language: 'fr' });
    const page = await h.openPage('metrics-fr');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/metrics`);
    await page.getByRole('heading', { name: 'Statistiques' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('chart-volume').locator('canvas').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('kpi-received').locator('.kpi-label').textContent()).toBe('Messages reçus');
    expect(await page.getByTestId('metrics-csv').textContent()).toBe('Exporter en CSV');
    await h.shot(page, 'metrics-fr');
    await h.api('PUT', '/api/me', { language: 'en' });
  });
});
