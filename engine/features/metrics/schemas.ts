import Joi from 'joi';
import { uuid } from '../../http/schemas.js';

const percentiles = (what: string) =>
  Joi.object({
    p50: Joi.number().allow(null).description(`Median ${what}, in seconds; null without any`),
    p90: Joi.number().allow(null).description(`90th percentile of ${what}, in seconds; null without any`),
  });

const figureKeys = {
  received: Joi.number().integer().description('Inbound customer messages'),
  created: Joi.number().integer().description('New conversations'),
  resolved: Joi.number().integer().description('Resolutions (by agents, automations or auto-resolve; not dismissals)'),
  firstResponseSeconds: percentiles('time from an opening (creation or reopening) to the first agent reply').label('FirstResponseSeconds'),
  resolutionSeconds: percentiles('time from the latest opening to the resolution').label('ResolutionSeconds'),
  csat: Joi.object({
    responses: Joi.number().integer().description('Answered CSAT surveys'),
    average: Joi.number().allow(null).description('Their average score (1–5); null without any'),
  }).label('CsatFigures'),
};

export const metricsQuery = Joi.object({
  from: Joi.string().max(40).description('First local day (2026-10-01) or an instant with offset; default: six days before to').example('2026-10-01'),
  to: Joi.string().max(40).description('Last local day, included (2026-10-31), or an instant with offset, excluded; default: today').example('2026-10-31'),
  interval: Joi.string().valid('day', 'week').default('day').description('Bucket size: local days, or weeks from Monday'),
  channelId: uuid.description("Only this channel's conversations"),
  teamId: uuid.description('Only the conversations whose team is this one'),
}).label('MetricsQuery');

export const metrics = Joi.object({
  timeZone: Joi.string().description("The zone of the buckets: yours (PUT /api/me), else the organisation's, else UTC"),
  interval: Joi.string().valid('day', 'week').description('Bucket size'),
  from: Joi.string().description('Start of the period (ISO instant, included)'),
  to: Joi.string().description('End of the period (ISO instant, excluded)'),
  series: Joi.array().items(Joi.object({
    at: Joi.string().description('Start of the bucket (ISO instant)'),
    date: Joi.string().description('Its local date (YYYY-MM-DD): the day, or the Monday of the week'),
    ...figureKeys,
  }).label('MetricsBucket')).description('Every bucket of the period, oldest first, empty ones included'),
  totals: Joi.object(figureKeys).description('The whole period (percentiles over all its samples)').label('MetricsTotals'),
}).label('Metrics');
