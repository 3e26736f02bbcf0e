import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConnector } from '../../../connectors/index.js';
import { advanceDeliveryStatus, type StoredDeliveryStatus } from '../../../connectors/shared/delivery-status.js';
import { PermanentSendError, RateLimitedError, type OutboundMessage, type StatusEvent } from '../../../connectors/types.js';
import { TemplateRequiredError, whatsappConnector as wa, whatsappMediaUrl, type WhatsAppConfig } from '../../../connectors/whatsapp/index.js';
import { useStandIn } from '../../support/stand-in-server.js';
import { checkParserProperty } from './payload-properties.js';

const PHONE_ID = '106540352242922';
const CUSTOMER = '16505551234';
const config: WhatsAppConfig = {
  phoneNumberId: PHONE_ID,
  businessAccountId: '102290129340398',
  appSecret: 'wa-secret',
  verifyToken: 'verify-wa',
  accessToken: 'EAAwa-token',
};
const receivedAt = new Date('2026-03-01T10:00:00.000Z');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/whatsapp/${name}.json`, import.meta.url));
const events = (name: string, c = config) => wa.parseEvents!(fixture(name), c, receivedAt);
const iso = (s: number) => new Date(s * 1000).toISOString();

describe('whatsapp config and verification', () => {
  it('takes the phone number id, account id, secrets and token, naming each mistake', () => {
    expect(wa.validateConfig(config)).toEqual([]);
    expect(wa.routeKey?.(config)).toBe(PHONE_ID);
    const problems = wa.validateConfig({ ...config, phoneNumberId: '+1 555 078 3881', businessAccountId: 'WABA', accessToken: undefined });
    expect(problems.map((p) => p.key)).toEqual(['accessToken', 'phoneNumberId', 'businessAccountId']);
    expect(problems[1].message).toMatch(/not the phone number itself/);
    expect(getConnector('whatsapp')).toBe(wa);
  });

  it('verifies the Meta signature over the raw body', () => {
    const raw = fixture('messages');
    const sig = `sha256=${createHmac('sha256', 'wa-secret').update(raw).digest('hex')}`;
    expect(wa.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: raw }, config)).toBe(true);
    expect(wa.verify({ headers: { 'x-hub-signature-256': sig }, rawBody: fixture('statuses') }, config)).toBe(false);
  });
});

describe('whatsapp parse', () => {
  const list = () => events('messages');
  const byId = (id: string) => list().find((e) => e.providerMessageId === id || (e.event === 'update' && e.eventId === id));

  it('parses a text message into a private thread per wa_id, named from contacts[]', () => {
    expect(list()[0]).toEqual({
      providerMessageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      threadKey: CUSTOMER,
      kind: 'private',
      direction: 'in',
      contact: { providerId: CUSTOMER, name: 'Sheena Nelson' },
      text: 'Does it come in another color?',
      attachments: [],
      at: iso(1749416383),
    });
  });

  it('keeps media as attachments with their ids, the caption as text', () => {
    const attachmentsOf = (id: string) => {
      const e = byId(id);
      return e && e.event !== 'update' && e.event !== 'status' ? [e.text, e.attachments] : undefined;
    };
    expect(attachmentsOf('wamid.image-1')).toEqual(['This one', [{ type: 'image', mediaId: '1003383421387256', mimeType: 'image/jpeg' }]]);
    expect(attachmentsOf('wamid.video-1')).toEqual(['', [{ type: 'video', mediaId: '1003383421387257', mimeType: 'video/mp4' }]]);
    expect(attachmentsOf('wamid.audio-1')).toEqual(['', [{ type: 'audio', mediaId: '1003383421387258', mimeType: 'audio/ogg; codecs=opus' }]]);
    expect(attachmentsOf('wamid.document-1')).toEqual([
      'Invoice',
      [{ type: 'file', mediaId: '1003383421387259', mimeType: 'application/pdf', name: 'invoice-42.pdf' }],
    ]);
    expect(attachmentsOf('wamid.sticker-1')).toEqual(['', [{ type: 'image', mediaId: '1003383421387260', mimeType: 'image/webp' }]]);
    expect(attachmentsOf('wamid.location-1')).toEqual([
      '',
      [{ type: 'location', latitude: 37.483307, longitude: -122.148981, name: 'Meta Headquarters', url: 'https://meta.com' }],
    ]);
  });

  it('takes a button or list reply, and a template button, as the title the customer chose', () => {
    expect(byId('wamid.button-reply-1')).toMatchObject({
      text: 'Track my order',
      inReplyTo: 'wamid.our-buttons',
      extra: { interactive: { type: 'button_reply', id: 'track-order' } },
    });
    expect(byId('wamid.list-reply-1')).toMatchObject({ text: 'Blue', extra: { interactive: { type: 'list_reply', id: 'color-blue' } } });
    expect(byId('wamid.button-1')).toMatchObject({ text: 'Stop promotions', extra: { buttonPayload: 'STOP_PROMOS' }, inReplyTo: 'wamid.our-template' });
  });

  it('turns reactions into updates of the message reacted to (no emoji: taken back)', () => {
    expect(byId('wamid.reaction-1')).toEqual({
      event: 'update',
      change: 'reaction',
      eventId: 'wamid.reaction-1',
      providerMessageId: 'wamid.our-reply',
      threadKey: CUSTOMER,
      kind: 'private',
      at: iso(1749416409),
      text: '👍',
    });
    expect(byId('wamid.reaction-2')).toMatchObject({ change: 'reaction', text: '' });
    expect(wa.parse(fixture('messages'), config, receivedAt).some((e) => e.providerMessageId === 'wamid.our-reply')).toBe(false);
  });

  it('keeps an unsupported message as a fallback and drops system notices', () => {
    expect(byId('wamid.unsupported-1')).toMatchObject({ text: '', attachments: [{ type: 'fallback', name: 'unsupported' }], extra: { type: 'unsupported' } });
    expect(byId('wamid.system-1')).toBeUndefined();
    expect(list()).toHaveLength(13);
  });

  it('turns statuses into status events carrying our outbound id, and a failure its provider error', () => {
    expect(events('statuses')).toEqual<StatusEvent[]>([
      { event: 'status', status: 'read', eventId: 'wamid.our-reply:read', providerMessageId: 'wamid.our-reply', recipientId: CUSTOMER, at: iso(1749416520), outboundId: 'out-wa-1' },
      { event: 'status', status: 'sent', eventId: 'wamid.our-reply:sent', providerMessageId: 'wamid.our-reply', recipientId: CUSTOMER, at: iso(1749416500), outboundId: 'out-wa-1' },
      { event: 'status', status: 'delivered', eventId: 'wamid.our-reply:delivered', providerMessageId: 'wamid.our-reply', recipientId: CUSTOMER, at: iso(1749416510), outboundId: 'out-wa-1' },
      {
        event: 'status',
        status: 'failed',
        eventId: 'wamid.our-failed:failed',
        providerMessageId: 'wamid.our-failed',
        recipientId: CUSTOMER,
        at: iso(1749416530),
        error: {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      },
    ]);
    expect(wa.parse(fixture('statuses'), config, receivedAt)).toEqual([]);
  });

  it('applies statuses monotonically: read, then a late sent and delivered, stays read', () => {
    const applied = events('statuses')
      .filter((e): e is StatusEvent => e.event === 'status' && e.providerMessageId === 'wamid.our-reply')
      .reduce<StoredDeliveryStatus>((s, e) => advanceDeliveryStatus(s, e.status), 'pending');
    expect(applied).toBe('read');
    expect(advanceDeliveryStatus('pending', 'delivered')).toBe('delivered');
    expect(advanceDeliveryStatus('sent', 'failed')).toBe('failed');
    expect(advanceDeliveryStatus('delivered', 'failed')).toBe('delivered');
    expect(advanceDeliveryStatus('failed', 'read')).toBe('failed');
    expect(advanceDeliveryStatus('read', 'sent')).toBe('read');
  });

  it("takes only its own number's changes from a business account's delivery", () => {
    expect(events('two-numbers').map((e) => e.providerMessageId)).toEqual(['wamid.number-a']);
    expect(events('two-numbers', { ...config, phoneNumberId: '106540352240000' })).toMatchObject([
      { providerMessageId: 'wamid.number-b', contact: { providerId: '33612345678', name: 'Ann' } },
    ]);
  });

  it('names what is wrong in a malformed delivery', () => {
    const body = (value: unknown) =>
      Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value }] }] }));
    const meta = { phone_number_id: PHONE_ID };
    expect(() => wa.parseEvents!(body({ messages: [] }), config, receivedAt)).toThrowError('entry[0].changes[0].value.metadata must be an object');
    expect(() => wa.parseEvents!(body({ metadata: meta, messages: [{ from: CUSTOMER, id: 'x', type: 'image', image: {} }] }), config, receivedAt)).toThrowError(
      'entry[0].changes[0].value.messages[0].image.id must be a non-empty string id',
    );
    expect(() => wa.parseEvents!(body({ metadata: meta, statuses: [{ id: 'x', status: 'sent' }] }), config, receivedAt)).toThrowError(
      'entry[0].changes[0].value.statuses[0].recipient_id must be a non-empty string id',
    );
  });

  it('never throws anything but MalformedPayloadError nor yields a half-parsed event', () => {
    const fixtures = ['messages', 'statuses', 'two-numbers'].map((n) => JSON.parse(fixture(n).toString()));
    checkParserProperty((raw) => wa.parseEvents!(raw, config, receivedAt), fixtures);
  });
});

describe('whatsapp send', () => {
  const standIn = useStandIn(200, { messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: 'wamid.sent-7' }] });
  const stood = (): WhatsAppConfig => ({ ...config, apiBaseUrl: `${standIn.baseUrl}/v21.0` });
  const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
  const reply = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    outboundId: 'out-wa-7',
    threadKey: CUSTOMER,
    kind: 'private',
    recipientId: CUSTOMER,
    text: 'Yes, in blue and red.',
    lastCustomerMessageAt: ago(2),
    byHuman: true,
    ...over,
  });

  it('sends text within 24 h: POST /{PHONE_NUMBER_ID}/messages with our id as callback data', async () => {
    expect(await wa.send(reply(), stood(), fetch)).toEqual({ providerMessageId: 'wamid.sent-7' });
    expect(standIn.requests.map((r) => [r.method, r.url, r.json])).toEqual([
      [
        'POST',
        `/v21.0/${PHONE_ID}/messages?access_token=EAAwa-token`,
        { messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'Yes, in blue and red.' }, biz_opaque_callback_data: 'out-wa-7' },
      ],
    ]);
  });

  it('refuses free-form text after 24 h, even from a human agent, saying a template is needed', async () => {
    const error = await wa.send(reply({ lastCustomerMessageAt: ago(24.01) }), stood(), fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRequiredError);
    expect(error).toBeInstanceOf(PermanentSendError);
    expect((error as Error).message).toMatch(/24-hour customer service window closed at .*only an approved template/);
    await expect(wa.send(reply({ lastCustomerMessageAt: undefined }), stood(), fetch)).rejects.toThrowError(TemplateRequiredError);
    expect(standIn.requests).toHaveLength(0);
    expect(wa.policy('private', config)).toEqual({ standardWindowSeconds: 86400 });
  });

  it('sends an approved template at any time', async () => {
    const components = [{ type: 'body', parameters: [{ type: 'text', text: '42' }] }];
    await wa.sendTemplate!({ outboundId: 'out-t-1', recipientId: CUSTOMER, name: 'order_update', language: 'en_US', components }, stood(), fetch);
    expect(standIn.requests[0].json).toEqual({
      messaging_product: 'whatsapp',
      to: CUSTOMER,
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components },
      biz_opaque_callback_data: 'out-t-1',
    });
  });

  it('retries rate limits (130429), and reports Meta\'s "more than 24 hours" as template needed', async () => {
    standIn.answer(400, { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'X' } });
    await expect(wa.send(reply(), stood(), fetch)).rejects.toThrowError(RateLimitedError);
    standIn.answer(400, { error: { message: '(#131047) Re-engagement message', code: 131047 } });
    await expect(wa.send(reply(), stood(), fetch)).rejects.toThrowError(TemplateRequiredError);
    standIn.answer(400, { error: { message: '(#131026) Message undeliverable', code: 131026 } });
    const error = await wa.send(reply(), stood(), fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error).not.toBeInstanceOf(TemplateRequiredError);
  });

  it('looks up where a received medium can be downloaded', async () => {
    standIn.answer(200, { messaging_product: 'whatsapp', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1', mime_type: 'image/jpeg', sha256: 'abc', file_size: 303833, id: '1003383421387256' });
    expect(await whatsappMediaUrl('1003383421387256', stood(), fetch)).toEqual({
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1',
      mimeType: 'image/jpeg',
      size: 303833,
    });
    expect(standIn.requests.map((r) => [r.method, r.url])).toEqual([['GET', '/v21.0/1003383421387256?access_token=EAAwa-token']]);
  });
});
