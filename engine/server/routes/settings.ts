import type { ServerRoute } from '@hapi/hapi';

export const settingsRoutes: ServerRoute[] = [];
