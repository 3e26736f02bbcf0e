// E-mail replies over SMTP (nodemailer), threaded under the customer's message: In-Reply-To and
// References as mail clients expect, "Re: " + the thread's subject. The Message-ID is made from our
// outbound id, so a retried send carries the same id and the copy read back over IMAP reconciles.
import nodemailer from 'nodemailer';
import { PermanentSendError, type OutboundMessage, type SendResult } from '../types.js';
import type { EmailConfig } from './config.js';

export function messageIdFor(outboundId: string, address: string): string {
  const domain = address.split('@')[1] || 'switchboard.invalid';
  return `${outboundId.replace(/[^A-Za-z0-9._-]/g, '')}@${domain}`;
}

export function replySubject(subject: string | undefined): string {
  const s = (subject ?? '').trim();
  if (s === '') return 'Re: your message';
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

export async function sendEmailReply(message: OutboundMessage, config: EmailConfig): Promise<SendResult> {
  if (message.kind !== 'private') throw new PermanentSendError('e-mail conversations are private');
  const messageId = messageIdFor(message.outboundId, config.address);
  const references = [...(message.email?.references ?? [])];
  if (message.inReplyTo && !references.includes(message.inReplyTo)) references.push(message.inReplyTo);
  const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail({
      from: config.fromName ? { name: config.fromName, address: config.address } : config.address,
      to: message.recipientId,
      subject: replySubject(message.email?.subject),
      text: message.text,
      messageId: `<${messageId}>`,
      ...(message.inReplyTo && { inReplyTo: `<${message.inReplyTo}>` }),
      ...(references.length > 0 && { references: references.map((r) => `<${r}>`) }),
    });
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    const detail = `e-mail send failed${code ? ` (SMTP ${code})` : ''}: ${(err as Error).message}`;
    // 5yz is final (RFC 5321), except 503 (bad sequence) which a new session may not repeat.
    if (typeof code === 'number' && code >= 500 && code < 600 && code !== 503) throw new PermanentSendError(detail, code);
    throw new Error(detail, { cause: err });
  } finally {
    transport.close();
  }
  return { providerMessageId: messageId };
}
