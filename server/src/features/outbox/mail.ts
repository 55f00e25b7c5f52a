// The e-mails themselves: subject, plain text and HTML, in the recipient's language (server/src/locales/
// <lng>/mail.json through translatorFor), with dates written the reader's way (Intl). A mail is rendered
// when it is queued, so the outbox shows exactly what went, or will go, out — except a secret link, which
// is stored as a note and minted when the mail is sent (mailToSend in server/src/mail/sender.ts).
// Everything that comes from people (names, organisations, a reviewer's comment) is escaped in the HTML part.
import type { Locale, Role } from '@lpt/shared/enums';
import type { ReminderStage } from '@lpt/db/schema';
import { translatorFor } from '../../i18n/translate.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

let publicUrl = 'http://localhost:3000';
let delivering = false;

/**
 * Set once at start: the address people open the app at (PUBLIC_URL), for the links in mails, and whether
 * this process delivers mail (SMTP_URL is set), which the Outbox page tells coordinators.
 */
export function configureMail(options: { publicUrl: string; delivering?: boolean }) {
  publicUrl = options.publicUrl.replace(/\/+$/, '');
  delivering = options.delivering ?? false;
}

export function isDeliveringMail() {
  return delivering;
}

export function linkTo(path: string) {
  return `${publicUrl}${path}`;
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function longDate(isoDate: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * Paragraphs and one call to action, as text and as HTML; `extra` paragraphs are quoted (a comment). An
 * action with a `note` instead of a `url` is a secret link as stored: the note stands where the link goes.
 */
function layout(parts: {
  greeting: string;
  paragraphs: string[];
  quote?: string | null;
  action: { label: string; url: string } | { label: string; note: string };
  footer: string[];
}): Omit<RenderedMail, 'subject'> {
  const action = parts.action;
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(parts.quote ? [...parts.quote.split('\n').map((line) => `> ${line}`), ''] : []),
    `${action.label}: ${'url' in action ? action.url : action.note}`,
    '',
    ...parts.footer,
  ].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    p(parts.greeting),
    ...parts.paragraphs.map(p),
    parts.quote ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(parts.quote).replace(/\n/g, '<br>')}</blockquote>` : '',
    'url' in action
      ? `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`
      : `<p>${escapeHtml(action.label)}: <em>${escapeHtml(action.note)}</em></p>`,
    ...parts.footer.map((f) => `<p style="color:#555;font-size:90%">${escapeHtml(f)}</p>`),
    '</body></html>',
  ].join('\n');
  return { text, html };
}

export function reminderMail(
  locale: Locale,
  data: { stage: ReminderStage; name: string; organization: string; year: number; dueOn: string },
): RenderedMail {
  const t = translatorFor(locale);
  const values = { year: data.year, organization: data.organization, dueDate: longDate(data.dueOn, locale) };
  const link = linkTo(`/report/${data.year}`);
  return {
    subject: t(`mail:reminder.subject.${data.stage}`, values),
    ...layout({
      greeting: t('mail:greeting', { name: data.name }),
      paragraphs: [
        t(`mail:reminder.lead.${data.stage}`, values),
        data.stage === 'overdue' ? t('mail:reminder.dueOverdue', values) : t('mail:reminder.due', values),
      ],
      action: { label: t('mail:reminder.action'), url: link },
      footer: [t('mail:signature'), t('mail:reminder.optOut', { link: linkTo('/account') })],
    }),
  };
}

export function reportReturnedMail(
  locale: Locale,
  data: { name: string; organization: string; year: number; comment: string },
): RenderedMail {
  const t = translatorFor(locale);
  const values = { year: data.year, organization: data.organization };
  return {
    subject: t('mail:returned.subject', values),
    ...layout({
      greeting: t('mail:greeting', { name: data.name }),
      paragraphs: [t('mail:returned.lead', values), ...(data.comment ? [t('mail:returned.comment')] : [])],
      quote: data.comment || null,
      action: { label: t('mail:returned.action'), url: linkTo(`/report/${data.year}`) },
      footer: [t('mail:signature')],
    }),
  };
}

export function reportSubmittedMail(
  locale: Locale,
  data: { name: string; organization: string; organizationId: number; year: number; version: number; late: boolean },
): RenderedMail {
  const t = translatorFor(locale);
  const values = { year: data.year, organization: data.organization, version: data.version };
  return {
    subject: t('mail:submitted.subject', values),
    ...layout({
      greeting: t('mail:greeting', { name: data.name }),
      paragraphs: [t('mail:submitted.lead', values), ...(data.late ? [t('mail:submitted.late')] : [])],
      action: { label: t('mail:submitted.action'), url: linkTo(`/review/${data.organizationId}/${data.year}`) },
      footer: [t('mail:signature')],
    }),
  };
}

/** `token` null: the mail as the outbox keeps it, with a note where the link goes (the sender mints the link). */
export function passwordResetMail(
  locale: Locale,
  data: { name: string; email: string; token: string | null; expiresAt: string; issuedByCoordinator: boolean },
): RenderedMail {
  const t = translatorFor(locale);
  const expires = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(new Date(data.expiresAt));
  return {
    subject: t('mail:passwordReset.subject'),
    ...layout({
      greeting: t('mail:greeting', { name: data.name }),
      paragraphs: [
        data.issuedByCoordinator ? t('mail:passwordReset.leadIssued', { email: data.email }) : t('mail:passwordReset.lead', { email: data.email }),
        t('mail:passwordReset.expires', { expires }),
      ],
      action:
        data.token === null
          ? { label: t('mail:passwordReset.action'), note: t('mail:passwordReset.linkNotStored') }
          : { label: t('mail:passwordReset.action'), url: linkTo(`/reset-password?token=${encodeURIComponent(data.token)}`) },
      footer: [t('mail:passwordReset.ignore'), t('mail:signature')],
    }),
  };
}

/**
 * An invitation (issue 19): the link sets the account's first password. `token` null: the mail as the outbox
 * keeps it, with a note where the link goes; `inviter` null when the coordinator's account is gone.
 */
export function invitationMail(
  locale: Locale,
  data: { name: string; email: string; role: Role; inviter: string | null; token: string | null; expiresAt: string },
): RenderedMail {
  const t = translatorFor(locale);
  const expires = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(new Date(data.expiresAt));
  const values = { email: data.email, inviter: data.inviter ?? '', role: t(`common:role.${data.role}`) };
  const action = t('mail:invitation.action');
  return {
    subject: t('mail:invitation.subject'),
    ...layout({
      greeting: t('mail:greeting', { name: data.name }),
      paragraphs: [
        data.inviter ? t('mail:invitation.lead', values) : t('mail:invitation.leadSecretariat', values),
        t('mail:invitation.role', values),
        t('mail:invitation.expires', { expires }),
      ],
      action:
        data.token === null
          ? { label: action, note: t('mail:passwordReset.linkNotStored') }
          : { label: action, url: linkTo(`/accept-invitation?token=${encodeURIComponent(data.token)}`) },
      footer: [t('mail:invitation.ignore'), t('mail:signature')],
    }),
  };
}
