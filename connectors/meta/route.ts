// Meta sends every Page's (and Instagram account's, and WhatsApp number's) events of one app to
// the app's single callback URL, several owners batched in one POST. This sorts a delivery's
// entries by owner so the engine can verify the raw body with the owning channel's appSecret and
// hand that channel its entries. Pure: no I/O, no signature check (the owner is not known yet).
import type { MetaChannelType } from '../channel-types.js';
import { isObject, malformed, parseJsonBody } from '../shared/json.js';

export type { MetaChannelType };

export interface MetaRoute {
  channelType: MetaChannelType;
  /** What the owning channel's `routeKey(config)` returns: Page id, Instagram account id, phone number id. */
  routeKey: string;
}

export interface RoutedMetaEntry extends MetaRoute {
  /** Index of the entry in the delivery's `entry` array. */
  entryIndex: number;
}

export interface MetaDelivery {
  object: string;
  entry: unknown[];
}

/** The raw body as a Meta delivery `{ object, entry: [...] }`; MalformedPayloadError otherwise. */
export function parseMetaDelivery(rawBody: Buffer): MetaDelivery {
  return asMetaDelivery(parseJsonBody(rawBody, 'Meta webhook body'));
}

export function asMetaDelivery(payload: unknown): MetaDelivery {
  if (!isObject(payload)) throw malformed('Meta webhook body must be a JSON object');
  if (typeof payload.object !== 'string') throw malformed('object must be a string such as "page"');
  if (!Array.isArray(payload.entry)) throw malformed('entry must be an array');
  return { object: payload.object, entry: payload.entry };
}

/**
 * Every (entry, owner) pair of a delivery. One entry can have two owners: a Page's `messaging`
 * (the messenger channel) and its `feed` changes (the facebook_page channel). Entries nobody can
 * own (unknown object, no id, other change fields) are left out: acknowledged and dropped.
 */
export function routeMetaEntries(payload: unknown): RoutedMetaEntry[] {
  const delivery = asMetaDelivery(payload);
  const routes: RoutedMetaEntry[] = [];
  delivery.entry.forEach((entry, entryIndex) => {
    if (!isObject(entry)) return;
    for (const route of routesOfEntry(delivery.object, entry)) {
      if (!routes.some((r) => r.entryIndex === entryIndex && sameRoute(r, route))) routes.push({ ...route, entryIndex });
    }
  });
  return routes;
}

/** The distinct owners of a delivery: each is verified and parsed once. */
export function metaRoutes(payload: unknown): MetaRoute[] {
  const distinct: MetaRoute[] = [];
  for (const { channelType, routeKey } of routeMetaEntries(payload)) {
    if (!distinct.some((r) => sameRoute(r, { channelType, routeKey }))) distinct.push({ channelType, routeKey });
  }
  return distinct;
}

/** One owner's share of a delivery: the same `object`, only the entries (and parts) it owns. */
export interface MetaShare extends MetaRoute {
  delivery: MetaDelivery;
}

/**
 * A delivery split per (channel type, routing id): the messenger channel of a Page gets its
 * entries' `messaging`/`standby` items, the facebook_page channel their `feed` changes, an
 * Instagram account its entries, a WhatsApp number the changes that name its phone_number_id.
 * Each share is what that channel's parser would take from the whole delivery; order is kept.
 */
export function splitMetaDelivery(payload: unknown): MetaShare[] {
  const delivery = asMetaDelivery(payload);
  const shares: MetaShare[] = [];
  const shareOf = (route: MetaRoute): MetaShare => {
    let share = shares.find((s) => sameRoute(s, route));
    if (!share) {
      share = { ...route, delivery: { object: delivery.object, entry: [] } };
      shares.push(share);
    }
    return share;
  };
  delivery.entry.forEach((entry) => {
    if (!isObject(entry)) return;
    for (const route of routesOfEntry(delivery.object, entry)) shareOf(route).delivery.entry.push(partOf(entry, route));
  });
  return shares;
}

/** The part of an entry its owner reads. */
function partOf(entry: Record<string, unknown>, route: MetaRoute): Record<string, unknown> {
  const { messaging, standby, changes, ...rest } = entry;
  const list = Array.isArray(changes) ? changes : [];
  switch (route.channelType) {
    case 'messenger':
      return { ...rest, ...(messaging !== undefined && { messaging }), ...(standby !== undefined && { standby }) };
    case 'facebook_page':
      return { ...rest, changes: list.filter((c) => isObject(c) && c.field === 'feed') };
    case 'whatsapp':
      return {
        ...rest,
        changes: list.filter((c) => {
          const value = isObject(c) && isObject(c.value) ? c.value : undefined;
          return idOf(isObject(value?.metadata) ? value.metadata.phone_number_id : undefined) === route.routeKey;
        }),
      };
    default:
      return entry;
  }
}

function routesOfEntry(object: string, entry: Record<string, unknown>): MetaRoute[] {
  const id = idOf(entry.id);
  const changes = Array.isArray(entry.changes) ? entry.changes.filter(isObject) : [];
  switch (object) {
    case 'page': {
      const routes: MetaRoute[] = [];
      if (id && (Array.isArray(entry.messaging) || Array.isArray(entry.standby))) {
        routes.push({ channelType: 'messenger', routeKey: id });
      }
      if (id && changes.some((c) => c.field === 'feed')) routes.push({ channelType: 'facebook_page', routeKey: id });
      return routes;
    }
    case 'instagram':
      return id ? [{ channelType: 'instagram', routeKey: id }] : [];
    case 'whatsapp_business_account':
      // One business account can hold several numbers: each change names its own.
      return changes.flatMap((c) => {
        const value = isObject(c.value) ? c.value : undefined;
        const phoneNumberId = idOf(isObject(value?.metadata) ? value.metadata.phone_number_id : undefined);
        return phoneNumberId ? [{ channelType: 'whatsapp' as const, routeKey: phoneNumberId }] : [];
      });
    default:
      return [];
  }
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function sameRoute(a: MetaRoute, b: MetaRoute): boolean {
  return a.channelType === b.channelType && a.routeKey === b.routeKey;
}
