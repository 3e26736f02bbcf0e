import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './session';
import { QUEUES } from './types';

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { public: true, title: 'Sign in' },
  },
  { path: '/', redirect: { name: 'inbox', params: { queue: 'unassigned' } } },
  { path: '/inbox', redirect: { name: 'inbox', params: { queue: 'unassigned' } } },
  {
    path: `/inbox/:queue(${QUEUES.join('|')})`,
    name: 'inbox',
    component: () => import('./views/InboxView.vue'),
    props: (route) => ({
      queue: route.params.queue,
      order: route.query.order === 'asc' ? 'asc' : 'desc',
    }),
    meta: { title: 'Inbox' },
  },
  {
    path: '/conversations/:id',
    name: 'conversation',
    component: () => import('./views/ConversationView.vue'),
    props: (route) => ({
      id: route.params.id,
      from: QUEUES.find((q) => q === route.query.from) ?? 'unassigned',
    }),
    meta: { title: 'Conversation' },
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

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = title ? `${title} · Switchboard` : 'Switchboard';
});
