// An RFC 822 message (as IMAP hands it over) → one InboundEvent. Threading follows the headers
// mail clients write: the thread key is the root Message-ID (first of References, else
// In-Reply-To, else the message's own id). HTML is sanitised for display and kept beside a text
// version; attachments are described (name, type, size), their bytes left in the mailbox.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { malformed } from '../shared/json.js';
import { isStorableInstant } from '../shared/instant.js';
import type { Attachment, InboundEvent } from '../types.js';
import type { EmailConfig } from './config.js';

/**
 * What survives of an e-mail's HTML: structure and formatting, links (opened in a new tab, no
 * referrer), images only when embedded (cid:/data:) so no remote image tracks the agent's reading.
 */
export const EMAIL_HTML_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
    'img', 'font', 'center', 'span', 'u', 's',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
  },
  // A remote image loses its src: drop the empty tag rather than show a broken image.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** A raw message as one event; MalformedPayloadError when it is not an e-mail at all. */
export async function parseEmailMessage(raw: Buffer, config: Pick<EmailConfig, 'address'>, receivedAt: Date): Promise<InboundEvent> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  } catch (err) {
    throw malformed(`not an e-mail message (${(err as Error).message})`);
  }
  const from = firstAddress(mail.from);
  if (!from) throw malformed('the message has no From address');
  const ownAddress = config.address.toLowerCase();
  const outbound = from.address === ownAddress;
  const to = outbound ? addresses(mail.to).find((a) => a.address !== ownAddress) : undefined;
  if (outbound && !to) throw malformed('a message from the mailbox itself names no other recipient');
  const customer = outbound ? to! : from;

  const messageId = cleanId(mail.messageId) ?? `generated-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@switchboard`;
  const references = referencesOf(mail.references);
  const inReplyTo = cleanId(mail.inReplyTo) ?? references.at(-1);
  const threadKey = references[0] ?? inReplyTo ?? messageId;

  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? sanitizeHtml(mail.html, EMAIL_HTML_POLICY) : undefined;
  const text = (mail.text ?? (html ? htmlToText(html) : '')).replace(/\r\n/g, '\n').trim();
  const extra: Record<string, unknown> = {};
  if (mail.subject) extra.subject = mail.subject;
  if (html) extra.html = html;
  if (references.length > 0) extra.references = references;
  const sent = sentAt(mail);
  const date = sent !== undefined && isStorableInstant(sent) ? new Date(sent) : receivedAt;

  return {
    providerMessageId: messageId,
    threadKey,
    kind: 'private',
    direction: outbound ? 'out' : 'in',
    contact: { providerId: customer.address, ...(customer.name && { name: customer.name }) },
    text,
    attachments: mail.attachments.map(toAttachment),
    at: date.toISOString(),
    ...(inReplyTo && { inReplyTo }),
    ...(Object.keys(extra).length > 0 && { extra }),
  };
}

/** The Date header as milliseconds; read from the line itself because mailparser puts the time of
 * parsing in place of a date it cannot read, which would move a message in its thread. */
function sentAt(mail: ParsedMail): number | undefined {
  const line = mail.headerLines.find((h) => h.key === 'date')?.line;
  return line === undefined ? undefined : Date.parse(line.replace(/^date:/i, '').replace(/\s+/g, ' ').trim());
}

function toAttachment(a: ParsedMail['attachments'][number]): Attachment {
  const major = a.contentType.split('/')[0];
  const type: Attachment['type'] = major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
  return { type, ...(a.filename && { name: a.filename }), mimeType: a.contentType, size: a.size };
}

interface Party {
  address: string;
  name?: string;
}

function addresses(value: AddressObject | AddressObject[] | undefined): Party[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list
    .flatMap((o) => o.value.flatMap((a) => (a.group ? a.group : [a])))
    .filter((a) => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({ address: a.address!.toLowerCase(), ...(a.name && { name: a.name }) }));
}

function firstAddress(value: AddressObject | undefined): Party | undefined {
  return addresses(value)[0];
}

/** `<id@host>` → `id@host`; nothing usable → undefined. */
function cleanId(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().replace(/^<|>$/g, '').trim();
  return id !== '' && !/\s/.test(id) ? id : undefined;
}

function referencesOf(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
  return list.map(cleanId).filter((v): v is string => v !== undefined);
}

/** A plain-text rendering of sanitised HTML, for bodies sent without a text part. */
function htmlToText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n');
}
