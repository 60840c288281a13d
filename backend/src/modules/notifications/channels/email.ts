import nodemailer from 'nodemailer';
import type { UserRepository } from '../../auth/user.repository';
import type { ClaimedJob } from '../delivery-queue.repository';
import type { NotifyAdminSettingsService, SmtpSettings } from '../admin-settings.service';
import type { Kind } from '../kinds';
import type { UnsubscribeTokens } from '../unsubscribe';
import { absoluteLink, type DeliveryChannel, PermanentDeliveryError } from './channel';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function smtpTransportOptions(smtp: SmtpSettings) {
  const port = smtp.port ?? (smtp.tls === 'tls' ? 465 : smtp.tls === 'none' ? 25 : 587);
  return {
    host: smtp.host,
    port,
    // tls: TLS from the first byte (465); starttls: upgrade required; none: plain (a LAN relay).
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/** The standard mail: title, message, a button to the page, and the unsubscribe line. */
export function renderMail(job: ClaimedJob, serverName: string, appUrl: string, unsubscribeUrl: string): RenderedMail {
  const { title, message, link } = job.payload;
  const url = absoluteLink(appUrl, link);
  const text = `${job.payload.text ?? `${title}\n\n${message}\n\nOpen: ${url}\n\n`}--\n${serverName}\nStop these emails: ${unsubscribeUrl}\n`;
  const body =
    job.payload.html ??
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
      `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:8px 16px;background:#e5a00d;color:#000;text-decoration:none;border-radius:4px">Open in ${escapeHtml(serverName)}</a></p>`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;max-width:600px;margin:auto">${body}` +
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(serverName)} · <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe from these emails</a></p></body></html>`;
  return { subject: `[${serverName}] ${title}`, text, html, unsubscribeUrl };
}

export class EmailChannel implements DeliveryChannel {
  constructor(
    private readonly users: Pick<UserRepository, 'contact'>,
    private readonly admin: NotifyAdminSettingsService,
    private readonly tokens: UnsubscribeTokens,
    private readonly appUrl: string,
  ) {}

  async deliver(job: ClaimedJob): Promise<'sent' | 'dropped'> {
    if (!job.userId) return 'dropped';
    const user = await this.users.contact(job.userId);
    if (!user?.email || user.status !== 'active') return 'dropped';
    const settings = await this.admin.get();
    const { smtp } = settings;
    if (!smtp.host || !smtp.from) return 'dropped';
    const unsubscribeUrl = `${this.appUrl}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(this.tokens.sign(job.userId, job.payload.kind as Kind))}`;
    const mail = renderMail(job, settings.serverName, this.appUrl, unsubscribeUrl);
    const transport = nodemailer.createTransport(smtpTransportOptions(smtp));
    try {
      await transport.sendMail({
        from: smtp.from,
        to: user.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx is the server's final answer for this message (unknown mailbox, refused sender).
      if (code !== undefined && code >= 500) throw new PermanentDeliveryError(`SMTP refused the message (${code})`);
      throw new Error(`SMTP delivery failed: ${(err as Error).message}`, { cause: err });
    } finally {
      transport.close();
    }
    return 'sent';
  }
}
