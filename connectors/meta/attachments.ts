// Messenger attachments → our Attachment shape (api.md: image|video|audio|file|location|fallback).
import { isObject } from '../shared/json.js';
import type { Attachment } from '../types.js';

/**
 * Unknown types (template, product, …) become `fallback` so nothing the customer sent is lost;
 * reels are videos; stickers arrive as images. A shared link is a `fallback` whose url and title
 * sit in `payload` or, in older deliveries, beside it (`url`/`URL`, `title`).
 */
export function toAttachment(raw: unknown): Attachment {
  const a = isObject(raw) ? raw : {};
  const payload = isObject(a.payload) ? a.payload : {};
  const url = firstString(payload.url, a.url, a.URL);
  switch (a.type) {
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return withDefined({ type: a.type, url });
    case 'reel':
    case 'ig_reel':
      return withDefined({ type: 'video', url });
    case 'location': {
      const c = isObject(payload.coordinates) ? payload.coordinates : {};
      return withDefined({
        type: 'location',
        latitude: typeof c.lat === 'number' ? c.lat : undefined,
        longitude: typeof c.long === 'number' ? c.long : undefined,
        url,
        name: firstString(payload.title, a.title),
      });
    }
    default:
      return withDefined({ type: 'fallback', url, name: firstString(payload.title, a.title) });
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v !== '');
}

/** Drops undefined members so stored attachments carry only what the provider sent. */
function withDefined(a: Attachment): Attachment {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Attachment;
}
