import type { Plugin } from '@hapi/hapi';
import { autoResolveSettingRoutes } from './routes/auto-resolve-settings.js';
import { businessHoursStatusRoute } from './routes/business-hours-status.js';
import { createCsatSurveyRoute } from './routes/create-csat-survey.js';
import { createResolutionReasonRoute } from './routes/create-resolution-reason.js';
import { deleteBusinessHoursRoute } from './routes/delete-business-hours.js';
import { deleteCsatSurveyRoute } from './routes/delete-csat-survey.js';
import { getBusinessHoursRoute } from './routes/get-business-hours.js';
import { listCsatSurveysRoute } from './routes/list-csat-surveys.js';
import { listResolutionReasonsRoute } from './routes/list-resolution-reasons.js';
import { pendingAfterReplySettingRoutes } from './routes/pending-after-reply-settings.js';
import { putBusinessHoursRoute } from './routes/put-business-hours.js';
import { unassignSettingRoutes } from './routes/unassign-settings.js';

/** Lifecycle settings: business hours, auto-resolve, unassign, pending after reply, resolution reasons, CSAT. */
export const lifecycleSettingsPlugin: Plugin<void> = {
  name: 'switchboard-lifecycle-settings',
  register(server) {
    server.route([
      ...autoResolveSettingRoutes,
      businessHoursStatusRoute,
      createCsatSurveyRoute,
      createResolutionReasonRoute,
      deleteBusinessHoursRoute,
      deleteCsatSurveyRoute,
      getBusinessHoursRoute,
      listCsatSurveysRoute,
      listResolutionReasonsRoute,
      ...pendingAfterReplySettingRoutes,
      putBusinessHoursRoute,
      ...unassignSettingRoutes,
    ]);
  },
};
