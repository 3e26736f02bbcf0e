import { currentLocale } from './i18n';
import type { Attachment, Party, Queue } from './types';

export const QUEUE_LABELS: Record<Queue, string> = {
  unassigned: 'Unassigned',
  assigned: 'Assigned',
  mine: 'Mine',
  pending: 'Pending',
  done: 'Done',
};

const CHANNEL_LABELS: Record<string, string> = {
  sandbox: 'Sandbox',
  messenger: 'Messenger',
  facebook_page: 'Facebook Page',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  x: 'X',
  linkedin: 'LinkedIn',
  email: 'E-mail',
};

export function channelLabel(type: string): string {
  return CHANNEL_LABELS[type] ?? type;
}

/** "snake_case" or "camelCase" → "Snake case". */
export function humanize(value: string): string {
  const words = value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Formatters follow the UI's language (ui.md "Language"); one set per language.
const formatters = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; full: Intl.DateTimeFormat }>();
function fmt() {
  const locale = currentLocale();
  let f = formatters.get(locale);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium' }),
    };
    formatters.set(locale, f);
  }
  return f;
}

/** Short form for lists: the time today, else the day and time. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? fmt().time.format(d) : fmt().day.format(d);
}

export function longTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt().full.format(d);
}

/** "in 3 h 12 min" / "dans 3 h 12 min" until `iso`, from `now`; null once passed. */
export function countdown(iso: string, now: number): string | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const minutes = Math.ceil(ms / 60_000);
  const locale = currentLocale();
  const unit = (value: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (minutes >= 24 * 60) return `${unit(Math.floor(minutes / 1440), 'day')} ${unit(Math.floor((minutes % 1440) / 60), 'hour')}`;
  if (minutes >= 60) return `${unit(Math.floor(minutes / 60), 'hour')} ${unit(minutes % 60, 'minute')}`;
  return unit(minutes, 'minute');
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(currentLocale()).format(n);
}

export function partyName(party: Party | undefined): string {
  if (party === null || party === undefined) return 'System';
  if (typeof party === 'string') return party;
  return party.name ?? party.email ?? party.id ?? party.type ?? 'System';
}

/** Only http(s) links are rendered, so a provider cannot smuggle a `javascript:` URL. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function attachmentHref(a: Attachment): string | null {
  if (a.type === 'location' && typeof a.latitude === 'number' && typeof a.longitude === 'number') {
    return `https://www.openstreetmap.org/?mlat=${a.latitude}&mlon=${a.longitude}#map=16/${a.latitude}/${a.longitude}`;
  }
  return safeUrl(a.url);
}

export function attachmentLabel(a: Attachment): string {
  if (a.name) return a.name;
  if (a.type === 'location' && typeof a.latitude === 'number' && typeof a.longitude === 'number') {
    return `Location ${a.latitude.toFixed(5)}, ${a.longitude.toFixed(5)}`;
  }
  if (a.url) {
    const last = a.url.split(/[?#]/)[0]?.split('/').pop();
    if (last) return last;
  }
  return humanize(a.type);
}

/** Renders an audit event's `detail` (any JSON) as short text. */
export function detailText(detail: unknown, label: (key: string, value: unknown) => [string, unknown] = (k, v) => [humanize(k), v]): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'number' || typeof detail === 'boolean') return String(detail);
  if (Array.isArray(detail)) return detail.map((d) => detailText(d, label)).filter(Boolean).join(', ');
  if (typeof detail === 'object') {
    return Object.entries(detail as Record<string, unknown>)
      // Ids are for machines; the server adds names (userName, teamName) beside them.
      .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !/Id$/.test(k))
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([key, raw]) => {
        const [k, v] = label(key, raw);
        const inner = Array.isArray(v) ? detailText(v, label) : typeof v === 'object' ? JSON.stringify(v) : String(v);
        return `${k}: ${inner}`;
      })
      .join(' · ');
  }
  return '';
}
