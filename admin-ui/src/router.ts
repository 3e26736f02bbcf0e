import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { i18n } from './i18n';
import { session } from './session';
import { SECTION_IDS } from './settings/sections';
import { QUEUES } from './types';
import type { DocKind } from './builder/model/types';

const BUILDER_KINDS: DocKind[] = ['automations', 'scripts', 'skill-sets', 'contact-groups'];

/** `/{kind}` (the list), `/{kind}/new` and `/{kind}/{id}` (the builder), for admins (ui.md). */
function builderRoutes(): RouteRecordRaw[] {
  return BUILDER_KINDS.flatMap((kind) => [
    {
      path: `/${kind}`,
      name: `${kind}-list`,
      component: () => import('./builder/views/DocumentListView.vue'),
      props: { kind },
      meta: { titleKey: `kinds.${kind}.title`, admin: true },
    },
    {
      path: `/${kind}/:id`,
      name: `${kind}-builder`,
      component: () => import('./builder/views/BuilderView.vue'),
      props: (route) => ({ kind, id: route.params.id }),
      meta: { titleKey: `kinds.${kind}.title`, admin: true, wide: true },
    },
  ]);
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { public: true, titleKey: 'shell.login.title' },
  },
  { path: '/', redirect: { name: 'inbox', params: { queue: 'unassigned' } } },
  { path: '/inbox', redirect: { name: 'inbox', params: { queue: 'unassigned' } } },
  {
    path: `/inbox/:queue(${QUEUES.join('|')})`,
    name: 'inbox',
    component: () => import('./views/WorkspaceView.vue'),
    props: (route) => ({
      queue: route.params.queue,
      order: route.query.order === 'asc' ? 'asc' : 'desc',
      conversationId: null,
    }),
    meta: { titleKey: 'shell.titles.inbox', workspace: true },
  },
  {
    path: '/conversations/:id',
    name: 'conversation',
    component: () => import('./views/WorkspaceView.vue'),
    props: (route) => ({
      queue: QUEUES.find((q) => q === route.query.from) ?? 'unassigned',
      order: route.query.order === 'asc' ? 'asc' : 'desc',
      conversationId: route.params.id,
    }),
    meta: { titleKey: 'shell.titles.conversation', workspace: true },
  },
  ...builderRoutes(),
  {
    path: '/settings',
    redirect: () => ({ path: `/settings/${session.user.value?.role === 'admin' ? 'channels' : 'notifications'}` }),
  },
  {
    path: `/settings/:section(${SECTION_IDS.join('|')})`,
    name: 'settings',
    component: () => import('./settings/SettingsView.vue'),
    props: (route) => ({ section: route.params.section }),
    meta: { titleKey: 'settings.title' },
  },
  {
    path: '/metrics',
    name: 'metrics',
    component: () => import('./metrics/MetricsView.vue'),
    meta: { titleKey: 'metrics.title' },
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.signedIn.value) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  if (to.name === 'login' && session.signedIn.value) return { path: '/' };
  return true;
});

/** The message key of a route's tab title: its meta.titleKey, and for settings the open section's. */
export function titleKeyOf(route: { name?: unknown; params: Record<string, unknown>; meta: Record<string, unknown> }): string {
  if (route.name === 'settings' && typeof route.params.section === 'string') return `settings.sections.${route.params.section}.title`;
  return typeof route.meta.titleKey === 'string' ? route.meta.titleKey : '';
}

/** The tab's title, in the UI's language (it changes with the language too: App.vue watches it). */
export function applyTitle(): void {
  const key = titleKeyOf(router.currentRoute.value);
  const title = key ? i18n.global.t(key) : '';
  document.title = title ? `${title} · Switchboard` : 'Switchboard';
}

router.afterEach(() => applyTitle());
