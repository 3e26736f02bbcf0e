import type { ServerRoute } from '@hapi/hapi';

export const documentRoutes: ServerRoute[] = [];
