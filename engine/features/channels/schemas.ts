import Joi from 'joi';
import { CHANNEL_TYPES, getConnector } from '../../../connectors/index.js';
import type { AppContext } from '../../http/context.js';
import { Invalid } from '../../platform/errors.js';
import type { ChannelRow } from './repository.js';
import { healthOf } from './health.js';

export const channel = Joi.object({
  id: Joi.string(),
  type: Joi.string(),
  name: Joi.string(),
  webhookUrl: Joi.string(),
  config: Joi.object().description('The channel config without its secrets'),
  health: Joi.object({
    lastEventAt: Joi.string().optional().description('When the last inbound event was recorded (to within a few seconds); absent: never'),
    lastError: Joi.object({
      at: Joi.string().description('When (ISO 8601)'),
      message: Joi.string().description('What failed: a send the provider refused, or a webhook refused'),
    }).optional().description('The last failure; absent: none').label('ChannelError'),
  }).description('Whether events arrive and sends succeed').label('ChannelHealth'),
}).label('Channel');

export function present(ctx: AppContext, row: ChannelRow) {
  const secrets = new Set(getConnector(row.type)?.secretKeys ?? []);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    webhookUrl: `${ctx.publicUrl}/webhooks/${row.id}`,
    config: Object.fromEntries(Object.entries(row.config).filter(([k]) => !secrets.has(k))),
    health: healthOf(row),
  };
}

export function checkedConfig(type: string, config: Record<string, unknown>) {
  const connector = getConnector(type);
  if (!connector) {
    const available = CHANNEL_TYPES.filter((t) => getConnector(t));
    throw new Invalid(`channel type "${type}" is not available in this version yet; available: ${available.join(', ')}`);
  }
  const problems = connector.validateConfig(config);
  if (problems.length) {
    throw new Invalid(`config is invalid: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`);
  }
  return { config, routeKey: connector.routeKey?.(config as never) };
}
