// Browser tests of the settings screens (ui.md "/settings/{section}") on a real engine: the
// business-hours editor, the language switch, the admins-only page, and a screenshot of every
// section in English and French.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startHarness, UI_TIMEOUT, type BrowserHarness } from '../support/browser.js';

let h: BrowserHarness;
let channel: { id: string };
const agent = { email: 'settings-agent@example.com', password: 'settings agent password', name: 'Alex Agent' };

beforeAll(async () => {
  h = await startHarness();
  channel = await h.stack.createSandboxChannel();
  const agentUser = await h.api<{ id: string }>('POST', '/api/users', { ...agent, role: 'agent' });
  await h.api('POST', '/api/teams', { name: 'Billing', memberIds: [agentUser.id] });
  await h.api('POST', '/api/tags', { name: 'refund' });
  const parent = await h.api<{ id: string }>('POST', '/api/topics', { name: 'Orders' });
  await h.api('POST', '/api/topics', { name: 'Delivery', parentId: parent.id });
  await h.api('POST', '/api/resolution-reasons', { name: 'Answered', channelTypes: ['whatsapp', 'x'], kinds: ['private'] });
  await h.api('POST', '/api/saved-replies', { title: 'Greeting', text: 'Hello! How can we help?', shared: true });
  await h.api('PUT', '/api/settings/contact-attributes', [
    { key: 'orderNumber', label: 'Order number', shown: true, position: 0 },
    { key: 'email', label: 'E-mail', shown: true, position: 1 },
  ]);
}, 240_000);

afterEach(async () => {
  await h.closePages();
});

afterAll(async () => {
  await h?.stop();
});

describe('business hours editor', () => {
  it('an admin sets a split shift and a past-midnight interval, and the API returns them', async () => {
    const page = await h.openPage('business-hours');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/business-hours?channel=${channel.id}`);
    await page.getByTestId('hours-form').waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('hours-status').waitFor({ timeout: UI_TIMEOUT });

    await page.getByTestId('hours-zone').fill('Europe/Paris');
    const monday = page.getByTestId('day-mon');
    await page.getByTestId('add-interval-mon').click();
    await page.getByTestId('add-interval-mon').click();
    await monday.getByTestId('interval-open').nth(0).fill('09:00');
    await monday.getByTestId('interval-close').nth(0).fill('12:00');
    await monday.getByTestId('interval-open').nth(1).fill('14:00');
    await monday.getByTestId('interval-close').nth(1).fill('18:00');
    const friday = page.getByTestId('day-fri');
    await page.getByTestId('add-interval-fri').click();
    await friday.getByTestId('interval-open').fill('22:00');
    await friday.getByTestId('interval-close').fill('02:00');
    await friday.getByText('next day').waitFor();
    await page.getByTestId('hours-message').fill('We are closed, we answer at opening.');
    await page.getByTestId('hours-save').click();
    await page.getByTestId('hours-saved').waitFor({ timeout: UI_TIMEOUT });

    const stored = await h.api<{ timeZone: string; weekly: { day: string; open: string; close: string }[]; outsideHours: { messageText?: string } }>(
      'GET', `/api/channels/${channel.id}/business-hours`);
    expect(stored.timeZone).toBe('Europe/Paris');
    expect(stored.weekly).toEqual(expect.arrayContaining([
      { day: 'mon', open: '09:00', close: '12:00' },
      { day: 'mon', open: '14:00', close: '18:00' },
      { day: 'fri', open: '22:00', close: '02:00' },
    ]));
    expect(stored.weekly).toHaveLength(3);
    expect(stored.outsideHours.messageText).toBe('We are closed, we answer at opening.');
    await h.shot(page, 'settings-business-hours-en');
  });

  it('an overlapping interval is refused and the API\'s message shows beside that interval', async () => {
    const page = await h.openPage('business-hours-overlap');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/business-hours?channel=${channel.id}`);
    const tuesday = page.getByTestId('day-tue');
    await page.getByTestId('add-interval-tue').click();
    await page.getByTestId('add-interval-tue').click();
    await tuesday.getByTestId('interval-open').nth(0).fill('09:00');
    await tuesday.getByTestId('interval-close').nth(0).fill('12:00');
    await tuesday.getByTestId('interval-open').nth(1).fill('11:00');
    await tuesday.getByTestId('interval-close').nth(1).fill('13:00');
    await page.getByTestId('hours-save').click();
    const rowError = tuesday.getByTestId('interval-error');
    await rowError.waitFor({ timeout: UI_TIMEOUT });
    expect(await rowError.textContent()).toContain('overlaps');
    expect(await tuesday.getByTestId('interval').nth(1).getByTestId('interval-error').count()).toBe(1);
    await h.shot(page, 'settings-business-hours-error-en');
    // Nothing was stored: Tuesday stays closed.
    const stored = await h.api<{ weekly: { day: string }[] }>('GET', `/api/channels/${channel.id}/business-hours`);
    expect(stored.weekly.filter((w) => w.day === 'tue')).toEqual([]);
  });
});

describe('people', () => {
  it('an admin changes a user\'s capacity, role and team, and the API has them', async () => {
    const extra = await h.api<{ id: string }>('POST', '/api/users', { email: 'sam@example.com', name: 'Sam Second', password: 'sam second password', role: 'agent' });
    const page = await h.openPage('people');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/people`);
    const row = page.getByTestId('user-sam@example.com');
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.getByRole('spinbutton').fill('3');
    await row.getByRole('spinbutton').press('Enter');
    await page.getByText('Sam Second saved.').waitFor({ timeout: UI_TIMEOUT });
    await row.getByRole('combobox').selectOption('admin');
    await page.getByRole('status').filter({ hasText: 'Sam Second saved.' }).waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(async () => (await h.api<{ id: string; role: string }[]>('GET', '/api/users')).find((u) => u.id === extra.id)?.role, { timeout: UI_TIMEOUT }).toBe('admin');

    await page.getByTestId('team-edit-Billing').click();
    await page.getByTestId('team-Billing').getByLabel('Sam Second').check();
    await page.getByTestId('team-save').click();
    await page.getByText('Team Billing saved.').waitFor({ timeout: UI_TIMEOUT });

    const users = await h.api<{ id: string; capacity: number | null }[]>('GET', '/api/users');
    expect(users.find((u) => u.id === extra.id)?.capacity).toBe(3);
    const teams = await h.api<{ name: string; memberIds: string[] }[]>('GET', '/api/teams');
    expect(teams.find((t) => t.name === 'Billing')?.memberIds).toContain(extra.id);
  });
});

describe('retention', () => {
  it('an admin sets how long messages and LinkedIn threads are kept, and the API returns it; an out-of-range value is refused beside its field', async () => {
    const page = await h.openPage('retention');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/retention`);
    await page.getByTestId('retention-form').waitFor({ timeout: UI_TIMEOUT });
    await page.getByTestId('retention-messagesDays').fill('90');
    await page.getByTestId('retention-linkedinInactiveDays').fill('30');
    await page.getByTestId('settings-save').click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await h.api('GET', '/api/settings/retention')).toEqual({ messagesDays: 90, linkedinInactiveDays: 30 });

    await page.getByTestId('retention-messagesDays').fill('5000');
    await page.getByTestId('settings-save').click();
    const error = page.getByTestId('retention-messagesDays-error');
    await error.waitFor({ timeout: UI_TIMEOUT });
    expect(await error.textContent()).toContain('messagesDays');
    expect(await page.getByTestId('retention-messagesDays').getAttribute('aria-invalid')).toBe('true');
    expect(await h.api('GET', '/api/settings/retention')).toEqual({ messagesDays: 90, linkedinInactiveDays: 30 });
  });
});

describe('channel permissions', () => {
  it('an admin grants an agent viewPrivate and reply on a channel, and the API returns that grant and a restricted channel', async () => {
    const page = await h.openPage('channel-permissions');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/channels`);
    await page.getByTestId(`channel-${channel.id}`).getByTestId('channel-permissions-open').click();
    const panel = page.getByTestId('channel-permissions');
    await panel.getByTestId('permissions-not-restricted').waitFor({ timeout: UI_TIMEOUT });
    expect(await h.api<{ restricted: boolean }>('GET', `/api/channels/${channel.id}/permissions`)).toMatchObject({ restricted: false });
    await h.shot(page, 'settings-channel-permissions-en');

    const row = panel.getByTestId(`permissions-user-${agent.email}`);
    await row.getByTestId('permission-viewPrivate').check();
    await row.getByTestId('permission-reply').check();
    await panel.getByTestId('permissions-save').click();
    await panel.getByRole('status').filter({ hasText: 'saved' }).waitFor({ timeout: UI_TIMEOUT });
    await panel.getByTestId('permissions-restricted').waitFor({ timeout: UI_TIMEOUT });

    const users = await h.api<{ id: string; email: string }[]>('GET', '/api/users');
    const agentId = users.find((u) => u.email === agent.email)?.id;
    const stored = await h.api<{ restricted: boolean; grants: { userId?: string; teamId?: string; permissions: string[] }[] }>('GET', `/api/channels/${channel.id}/permissions`);
    expect(stored.restricted).toBe(true);
    expect(stored.grants).toHaveLength(1);
    expect(stored.grants[0]?.userId).toBe(agentId);
    expect([...(stored.grants[0]?.permissions ?? [])].sort()).toEqual(['reply', 'viewPrivate']);

    await h.api('PUT', '/api/me', { language: 'fr' });
    await page.reload();
    await page.getByTestId(`channel-${channel.id}`).getByTestId('channel-permissions-open').click();
    await page.getByTestId('channel-permissions').getByTestId('permissions-restricted').waitFor({ timeout: UI_TIMEOUT });
    await page.locator('html[lang="fr"]').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId(`permissions-user-${agent.email}`).getByTestId('permission-reply').isChecked()).toBe(true);
    await h.shot(page, 'settings-channel-permissions-fr');
    await h.api('PUT', '/api/me', { language: 'en' });
  });
});

describe('validation', () => {
  it('the API\'s refusal of a field shows next to that field', async () => {
    const page = await h.openPage('field-error');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    await page.goto(`${h.stack.baseUrl}/settings/organisation`);
    await page.getByTestId('org-zone').fill('Mars/Olympus_Mons');
    await page.getByTestId('settings-save').click();
    const error = page.getByTestId('org-zone-error');
    await error.waitFor({ timeout: UI_TIMEOUT });
    expect(await error.textContent()).toContain('is not an IANA time zone');
    expect(await page.getByTestId('org-zone').getAttribute('aria-invalid')).toBe('true');
    await h.shot(page, 'settings-organisation-error-en');
  });
});

describe('language', () => {
  it('an agent switches to French in their profile: the labels change, and stay French after a reload', async () => {
    const page = await h.openPage('language');
    await h.logIn(page, agent.email, agent.password);
    await page.getByTestId('nav-settings').click();
    await page.waitForURL('**/settings/notifications');
    expect(await page.getByTestId('settings-section-title').textContent()).toBe('Profile and notifications');
    expect(await page.getByTestId('nav-settings').textContent()).toBe('Settings');
    expect(await page.title()).toBe('Profile and notifications · Switchboard');

    await page.getByTestId('profile-language').selectOption('fr');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('settings-section-title').filter({ hasText: 'Profil et notifications' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('nav-settings').textContent()).toBe('Paramètres');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const me = await h.api<{ language: string }>('GET', '/api/me', undefined, (await h.api<{ token: string }>('POST', '/api/auth/login', { email: agent.email, password: agent.password }, '')).token);
    expect(me.language).toBe('fr');

    await page.reload();
    await page.getByTestId('settings-section-title').filter({ hasText: 'Profil et notifications' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('nav-settings').textContent()).toBe('Paramètres');
    expect(await page.getByTestId('nav-metrics').textContent()).toBe('Statistiques');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    // The tab's title is French too.
    expect(await page.title()).toBe('Profil et notifications · Switchboard');
    await page.getByTestId('nav-inbox').click();
    await page.waitForURL('**/inbox/**');
    expect(await page.title()).toBe('Boîte de réception · Switchboard');
  });

  it('the profile\'s language applies at sign-in on a browser that never chose one', async () => {
    const page = await h.openPage('language-sign-in');
    await h.logIn(page, agent.email, agent.password);
    await page.getByTestId('nav-settings').filter({ hasText: 'Paramètres' }).waitFor({ timeout: UI_TIMEOUT });
    const token = await page.evaluate(() => localStorage.getItem('switchboard.token'));
    expect(token).toBeTruthy();
    await page.getByTestId('logout').click();
    // Signed out, the last language used here stays: the sign-in page speaks French.
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // Logging out revoked the token on the server, not only in this browser.
    await expect(h.api('GET', '/api/me', undefined, token ?? '')).rejects.toThrow(/answered 401/);
  });
});

describe('who may open what', () => {
  it('an agent opening /settings/channels gets the admins-only page, and sees only their own section', async () => {
    const page = await h.openPage('agent-admin-only');
    await h.logIn(page, agent.email, agent.password);
    await page.goto(`${h.stack.baseUrl}/settings/channels`);
    await page.getByTestId('admins-only').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('channels').count()).toBe(0);
    const links = await page.getByTestId('settings-nav').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/settings/notifications']);
    await h.shot(page, 'settings-admins-only-fr');
  });
});

describe('tags, topics and resolution reasons', () => {
  it('list what exists (topics as a tree under their parent) and show what the admin adds', async () => {
    const page = await h.openPage('catalogues');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);

    await page.goto(`${h.stack.baseUrl}/settings/topics`);
    const orders = page.getByTestId('topic').filter({ has: page.locator(':scope > .tree-node', { hasText: 'Orders' }) });
    await orders.waitFor({ timeout: UI_TIMEOUT });
    expect(await orders.getByTestId('topic').locator('.tree-node').allTextContents()).toEqual(['Delivery']);
    await page.getByLabel('Name').fill('Returns');
    await page.getByLabel('Under').selectOption({ label: 'Orders' });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Returns' }).waitFor({ timeout: UI_TIMEOUT });
    await orders.getByTestId('topic').filter({ hasText: 'Returns' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByLabel('Name').inputValue()).toBe('');

    await page.getByTestId('settings-link-tags').click();
    await page.getByTestId('tag-list').filter({ hasText: 'refund' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('Name').fill('  warranty ');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('tag-list').getByText('warranty', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    // a name already taken is refused under the name field itself
    await page.getByLabel('Name').fill('Refund');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('.field-error').filter({ hasText: /refund/i }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('tag-list').locator('.s-chip').allTextContents()).toEqual(['refund', 'warranty']);

    await page.getByTestId('settings-link-resolution-reasons').click();
    await page.getByRole('cell', { name: 'Answered' }).waitFor({ timeout: UI_TIMEOUT });
    await h.shot(page, 'settings-catalogues-reasons-en');
  });
});

describe('screenshots', () => {
  const SECTIONS = ['organisation', 'channels', 'people', 'business-hours', 'retention', 'auto-resolve', 'unassign', 'pending-after-reply', 'resolution-reasons', 'csat', 'contact-attributes', 'tags', 'topics', 'saved-replies', 'notifications'];

  it('every settings section renders its title in English and in French', async () => {
    const page = await h.openPage('screenshots');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    for (const language of ['en', 'fr'] as const) {
      await h.api('PUT', '/api/me', { language });
      await page.goto(`${h.stack.baseUrl}/settings/channels`);
      await page.locator(`html[lang="${language}"]`).waitFor({ timeout: UI_TIMEOUT });
      for (const section of SECTIONS) {
        await page.getByTestId(`settings-link-${section}`).click();
        await page.waitForURL(`**/settings/${section}**`);
        const title = page.getByTestId('settings-section-title');
        await title.waitFor();
        await page.waitForLoadState('networkidle');
        expect((await title.textContent())?.trim()).toBe(language === 'en' ? EN_TITLES[section] : FR_TITLES[section]);
        await h.shot(page, `settings-${section}-${language}`);
      }
    }
  });
});

describe('header', () => {
  it('keeps every navigation link on one row at 1280 and 1440 px wide, in English and in French', async () => {
    const page = await h.openPage('header-one-row');
    await h.logIn(page, h.stack.adminEmail, h.stack.adminPassword);
    try {
      for (const language of ['en', 'fr'] as const) {
        await h.api('PUT', '/api/me', { language });
        for (const width of [1280, 1440]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${h.stack.baseUrl}/settings/channels`);
          await page.locator(`html[lang="${language}"]`).waitFor({ timeout: UI_TIMEOUT });
          const links = page.locator('.app-nav a');
          expect(await links.count()).toBe(7);
          const tops = await links.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
          expect(new Set(tops).size, `${language} at ${width} px: link tops ${tops.join(', ')}`).toBe(1);
          await screenshot(page, `header-${language}-${width}`);
        }
      }
    } finally {
      await h.api('PUT', '/api/me', { language: 'en' });
    }
  });
});

const EN_TITLES: Record<string, string> = {
  organisation: 'Organisation',
  channels: 'Channels', people: 'People', 'business-hours': 'Business hours', retention: 'Data retention', 'auto-resolve': 'Auto-resolve', unassign: 'Unassign',
  'pending-after-reply': 'Pending after reply', 'resolution-reasons': 'Resolution reasons', csat: 'CSAT surveys',
  'contact-attributes': 'Contact attributes', tags: 'Tags', topics: 'Topics', 'saved-replies': 'Saved replies', notifications: 'Profile and notifications',
};
const FR_TITLES: Record<string, string> = {
  organisation: 'Organisation',
  channels: 'Canaux', people: 'Utilisateurs', 'business-hours': 'Heures d’ouverture', retention: 'Conservation des données', 'auto-resolve': 'Résolution automatique', unassign: 'Désattribution',
  'pending-after-reply': 'En attente après réponse', 'resolution-reasons': 'Motifs de résolution', csat: 'Enquêtes CSAT',
  'contact-attributes': 'Attributs de contact', tags: 'Étiquettes', topics: 'Sujets', 'saved-replies': 'Réponses enregistrées', notifications: 'Profil et notifications',
};
