import { readdirSync, readFileSync } from 'node:fs';

/**
 * The corpus of odd real-world mails (test/corpus/*.eml, CRLF, bytes as the wire has them) and
 * what each must become. Shared by the unit test (readMail) and the end-to-end one (Dovecot →
 * plugin → core), so that both hold every file to the same outcome.
 */
export const CORPUS_DIR = new URL('./corpus/', import.meta.url);

export const corpusFiles = (): string[] =>
  readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort();

export const corpusMail = (file: string): Buffer => readFileSync(new URL(file, CORPUS_DIR));

export interface ExpectedAttachment {
  filename: string | undefined;
  contentType: string;
  contentId?: string;
  /** The first bytes of the decoded content, hex: proof it was decoded, not just listed. */
  magic?: string;
}

interface Message {
  kind: 'message';
  from: string;
  name: string | null;
  subject: string;
  /** Text the body must contain (decoded). */
  body: string[];
  /** Text it must not contain (markup, the raw encoding, …). */
  notBody?: string[];
  attachments: ExpectedAttachment[];
  autoReply: boolean;
  /** The Message-ID, or `generated` for the stable one made of the bytes. */
  messageId: string;
  references?: string[];
  /** An automatic reply that joins the case the named corpus file opened (by References). */
  joins?: string;
  /** Mail to many (list, newsletter): opens a case, but gets no acknowledgement. */
  bulk?: boolean;
}
interface Bounce {
  kind: 'bounce';
  /** The CaseHub message id of the reply that bounced. */
  messageId: string;
  reason: string;
}
interface Quarantine {
  kind: 'quarantine';
  reason: string;
}
export type Expected = { what: string } & (Message | Bounce | Quarantine);

const hex = (s: string) => Buffer.from(s).toString('hex');
const PDF = hex('%PDF-1.4');
const PNG = '89504e470d0a1a0a';
const JPEG = 'ffd8ffe0';
const TNEF = '789f3e22';

export const CORPUS: Record<string, Expected> = {
  '01-iso-8859-1-thunderbird.eml': {
    what: 'ISO-8859-1 8bit body, format=flowed, Q-encoded ISO-8859-1 subject and name; a € (0x80, windows-1252) under the ISO-8859-1 label',
    kind: 'message',
    from: 'juergen.mueller@example.de',
    name: 'Jürgen Müller',
    subject: 'Mixer läuft nicht mehr (Bestellung 5521)',
    body: [
      // flowed: the soft line break after "Beim " is joined
      'läuft seit gestern nicht mehr. Beim Einschalten hört man nur ein Brummen',
      'Die Rechnung über 49,90 € liegt bei.',
      'Farbe: weiß.',
    ],
    attachments: [],
    autoReply: false,
    messageId: '<5f0c2b1e-7a4d-4e3b-9c1a-2d8e6f0a1b01@example.de>',
  },
  '02-windows-1252-outlook.eml': {
    what: 'Outlook: windows-1252 quoted-printable text and HTML (smart quotes, €, en dash), B-encoded windows-1252 subject and name',
    kind: 'message',
    from: 'zoe.obrien@example.ie',
    name: 'Zoë O’Brien',
    subject: 'Refund of €49 – order “5521” isn’t through',
    body: [
      'I’d get my €49 back within 5–7 days',
      'could you check on this “refund in progress” status?',
    ],
    notBody: ['<p', 'MsoNormal'],
    attachments: [],
    autoReply: false,
    messageId: '<DB9PR02MB7321A1B2C3D4E5F6A7B8C9D0E1F2@DB9PR02MB7321.eurprd02.prod.outlook.com>',
  },
  '03-iso-2022-jp.eml': {
    what: 'Japanese ISO-2022-JP: 7bit body, B-encoded name, subject in two encoded words',
    kind: 'message',
    from: 'yamada.taro@example.jp',
    name: '山田太郎',
    subject: 'ミキサーが届きません（注文番号5521）',
    body: ['先日注文したミキサー（注文番号5521）がまだ届いておりません。', '山田太郎'],
    attachments: [],
    autoReply: false,
    messageId: '<20261124180205.A1B2C3@example.jp>',
  },
  '04-shift-jis.eml': {
    what: 'Shift_JIS with the CP932 characters Outlook Express writes (①, ㈱): base64 body, B-encoded subject and name',
    kind: 'message',
    from: 'suzuki.hanako@example.co.jp',
    name: '鈴木花子',
    subject: '返品について①',
    body: [
      '㈱アクメ御中',
      '①届いたミキサーの蓋が割れていました。',
      '②返品の手続きを教えてください。',
    ],
    attachments: [],
    autoReply: false,
    messageId: '<202611241939.SJ0004@example.co.jp>',
  },
  '05-utf8-raw-headers.eml': {
    what: 'raw UTF-8 in From and Subject (RFC 6532), 8bit body',
    kind: 'message',
    from: 'jose.alvarez@example.es',
    name: 'José Álvarez',
    subject: 'Pedido nº 5521 — ¿dónde está mi batidora?',
    body: ['Hice el pedido nº 5521 hace tres semanas', '¿Podéis decirme dónde está?'],
    attachments: [],
    autoReply: false,
    messageId: '<c0ffee05-6532-4b1d-8e2f-0123456789ab@example.es>',
  },
  '06-latin1-raw-headers.eml': {
    what: 'raw latin1 bytes in From and Subject (broken, but Outlook Express and gateways did it), latin1 body',
    kind: 'message',
    from: 'francoise.lefevre@example.fr',
    name: 'Françoise Lefèvre',
    subject: 'Problème de livraison : colis abîmé',
    body: ['Le colis est arrivé abîmé et le bol du mixeur est fêlé.'],
    attachments: [],
    autoReply: false,
    messageId: '<latin1-hdr-0006@example.fr>',
  },
  '07-nested-multipart.eml': {
    what: 'mixed > alternative > related: text, HTML with an inline screenshot (cid), plus a PDF with an RFC 2047 name and a JPEG with an RFC 2231 name',
    kind: 'message',
    from: 'lena.fischer@example.com',
    name: 'Lena Fischer',
    subject: 'Coffee machine shows error E42',
    body: ['the display of my coffee machine shows error E42', 'Descaling did not help.'],
    notBody: ['<b>', '=C3'],
    attachments: [
      {
        filename: 'image001.png',
        contentType: 'image/png',
        contentId: '<image001.png@01DB3E4F.5A7B8C90>',
        magic: PNG,
      },
      { filename: 'Rechnung März.pdf', contentType: 'application/pdf', magic: PDF },
      { filename: 'Foto vom Display – E42.jpg', contentType: 'image/jpeg', magic: JPEG },
    ],
    autoReply: false,
    messageId: '<nested-0007.1732446001@example.com>',
  },
  '08-forwarded-rfc822.eml': {
    what: 'a mail forwarded as an attachment (message/rfc822 holding its own multipart with a PDF)',
    kind: 'message',
    from: 'ann.lee@example.com',
    name: 'Ann Lee',
    subject: 'Fwd: Your order 5521 has shipped',
    body: ["the tracking number in it does not work on the courier's site."],
    attachments: [
      {
        filename: 'Your order 5521 has shipped.eml',
        contentType: 'message/rfc822',
        magic: hex('Return-Path: <shop@acme.example>'),
      },
    ],
    autoReply: false,
    messageId: '<fwd-0008@example.com>',
  },
  '09-winmail-dat.eml': {
    what: 'Outlook rich text: the content and a PDF inside winmail.dat (application/ms-tnef)',
    kind: 'message',
    from: 'peter.smith@contoso.example',
    name: 'Peter Smith',
    subject: 'Warranty claim - serial BL-2231-0099',
    body: ['Please find the warranty form attached.'],
    attachments: [{ filename: 'winmail.dat', contentType: 'application/ms-tnef', magic: TNEF }],
    autoReply: false,
    messageId: '<7E1A2B3C4D5E6F708192A3B4C5D6E7F8@EX02.contoso.example>',
  },
  '10-no-message-id.eml': {
    what: 'no Message-ID (a web shop contact form through PHP mail())',
    kind: 'message',
    from: 'omar.haddad@example.net',
    name: 'Omar Haddad',
    subject: 'Contact form: lid does not close',
    body: ['Message: The lid of the blender does not close since the second use.'],
    attachments: [],
    autoReply: false,
    messageId: 'generated',
  },
  '11-no-date.eml': {
    what: 'no Date header',
    kind: 'message',
    from: 'mei.chen@example.com',
    name: 'Mei Chen',
    subject: 'Replacement jug',
    body: ['Could you send me a replacement jug for the BL-200?'],
    attachments: [],
    autoReply: false,
    messageId: '<no-date-0011@example.com>',
  },
  '12-duplicate-folded-headers.eml': {
    what: 'folded From, To, References and Content-Type; two Subjects, two Message-IDs, two References; an encoded word split inside "ü"',
    kind: 'message',
    from: 'anna-lena.schmidt@example.org',
    name: 'Dr. Anna-Lena Schmidt-Brenner',
    // the first Subject and Message-ID, as mail clients show them
    subject: 'Die Abdeckung des Mixbehälters ist gebrochen, bitte um Rückruf',
    body: ['die Abdeckung des Mixbehälters ist gebrochen. Bitte rufen Sie mich zurück'],
    attachments: [],
    autoReply: false,
    messageId: '<dup-hdr-0012-first@example.org>',
    references: ['<thread-a1@example.org>', '<thread-a2@example.org>', '<thread-a3@example.org>'],
  },
  '13-quoted-printable-soft-breaks.eml': {
    what: 'quoted-printable: soft breaks mid-word and inside a UTF-8 character, lowercase hex, a stray "=", trailing =20',
    kind: 'message',
    from: 'camille.rousseau@example.fr',
    name: 'Camille Rousseau',
    subject: 'Machine à café — détartrage',
    body: [
      'la machine à café affiche « détartrage » en permanence, même après le détartrage complet effectué hier soir',
      'avec le produit recommandé. Que faire ?',
      'Numéro de série : CM-7781',
      'La pression = 15 bar',
    ],
    notBody: ['=C3', '=\n'],
    attachments: [],
    autoReply: false,
    messageId: '<qp-0013@example.fr>',
  },
  '14-base64-bad-lines.eml': {
    what: 'base64 in ragged lines (120, 60, 3, 77 characters, trailing spaces, no padding), a CSV attachment',
    kind: 'message',
    from: 'lukasz.wisniewski@example.pl',
    name: 'Łukasz Wiśniewski',
    subject: 'Zwrot za zamówienie 5521',
    body: [
      'w załączniku lista zamówień.',
      'Proszę o zwrot pieniędzy za zamówienie 5521 — blender nie działa.',
    ],
    attachments: [
      { filename: 'orders.csv', contentType: 'text/csv', magic: hex('order,date,amount\r\n5521') },
    ],
    autoReply: false,
    messageId: '<b64-0014@example.pl>',
  },
  '15-html-only.eml': {
    what: 'HTML only (no text part): style, entities, &nbsp;, a link',
    kind: 'message',
    from: 'priya.natarajan@example.in',
    name: 'Priya Natarajan',
    subject: 'Lid cracked & leaking',
    body: [
      'Hi team,',
      "The blender's lid is cracked & leaks.",
      '#5521',
      'https://photos.example/abc',
    ],
    notBody: ['<p>', 'margin', '&amp;', '&#39;'],
    attachments: [],
    autoReply: false,
    messageId: '<html-only-0015@example.in>',
  },
  '17-no-from.eml': {
    what: 'no From header at all',
    kind: 'quarantine',
    reason: 'no From address',
  },
  '18-garbage-from.eml': {
    what: 'a From that is no address (webform@@example..net)',
    kind: 'quarantine',
    reason: 'From is not an email address: webform@@example..net',
  },
  '19-bounce-postfix.eml': {
    what: 'Postfix DSN (multipart/report) with the returned reply and a folded Diagnostic-Code',
    kind: 'bounce',
    messageId: '0190aaaa-bbbb-7ccc-8ddd-000000000019',
    reason:
      'smtp; 550 5.1.1 <noone@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
  },
  '20-bounce-exchange-ndr.eml': {
    what: 'Exchange Online NDR ("Undeliverable:", Microsoft Outlook sender, report-type in quotes, alternative text/HTML)',
    kind: 'bounce',
    messageId: '0190aaaa-bbbb-7ccc-8ddd-000000000020',
    reason:
      'smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient k.weber@contoso.example not found by SMTP address lookup',
  },
  '21-bounce-gmail.eml': {
    what: "Gmail DSN: related > alternative with an icon, the remote server's multi-line 550-5.1.1 reply",
    kind: 'bounce',
    messageId: '0190aaaa-bbbb-7ccc-8ddd-000000000021',
    reason:
      "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser 5b1f17b1804b1-43b1a2b3c4dsi123456f8.99 - gsmtp",
  },
  '22-ooo-exchange.eml': {
    what: 'Exchange out-of-office (Auto-Submitted: auto-generated, X-Auto-Response-Suppress) answering our acknowledgement',
    kind: 'message',
    from: 'zoe.obrien@example.ie',
    name: 'Zoë O’Brien',
    subject: 'Automatic reply: We have your request: Refund of €49 – order “5521” isn’t through',
    body: ['I am out of the office until 1 December'],
    attachments: [],
    autoReply: true,
    messageId: '<DB9PR02MB7321B0C1D2E3F4A5B6C7D8E9F0A1@DB9PR02MB7321.eurprd02.prod.outlook.com>',
    joins: '02-windows-1252-outlook.eml',
  },
  '23-ooo-gmail-vacation.eml': {
    what: 'Gmail vacation responder (Auto-Submitted: auto-replied, Precedence: bulk)',
    kind: 'message',
    from: 'priya.natarajan@example.in',
    name: 'Priya Natarajan',
    subject: 'Re: Lid cracked & leaking',
    body: ["I'm travelling until Friday and will reply when I'm back."],
    attachments: [],
    autoReply: true,
    messageId: '<6743352b.050a0220.2b3c4d.0abc@mx.google.com>',
    references: ['<html-only-0015@example.in>'],
    joins: '15-html-only.eml',
  },
  '24-mailing-list.eml': {
    what: 'a Mailman list post (Precedence: list, List-Id): opens a case (a person wrote it) but is never acknowledged',
    kind: 'message',
    from: 'tom.baker@example.com',
    name: 'Tom Baker',
    subject: '[blender-users] Firmware 2.1 breaks pulse mode?',
    body: ['Since the update to firmware 2.1 the pulse button on my BL-200 does nothing.'],
    attachments: [],
    autoReply: false,
    bulk: true,
    messageId: '<list-0024.tom@example.com>',
  },
  '25-read-receipt-outlook.eml': {
    what: 'an Outlook read receipt (multipart/report; report-type=disposition-notification, no Auto-Submitted)',
    kind: 'message',
    from: 'zoe.obrien@example.ie',
    name: 'Zoë O’Brien',
    subject: 'Read: Refund of €49 – order “5521” isn’t through',
    body: ['was read on Tuesday, 24 November 2026'],
    attachments: [
      {
        filename: undefined,
        contentType: 'message/disposition-notification',
        magic: hex('Reporting-UA:'),
      },
    ],
    autoReply: true,
    messageId: '<DB9PR02MB7321C1D2E3F4A5B6C7D8E9F0A1B2@DB9PR02MB7321.eurprd02.prod.outlook.com>',
    joins: '02-windows-1252-outlook.eml',
  },
};

/** Over EMAIL_MAX_ATTACHMENT_BYTES (10 MiB by default): made here, not committed. */
export const HUGE_ATTACHMENT_BYTES = 12 * 1024 * 1024;

/**
 * A phone's mail with a 12 MiB video (base64, 16 MiB on the wire) and a small photo: the photo
 * is kept, the video is named in the body and stays in original.eml.
 */
export function hugeMail(): Buffer {
  const video = Buffer.alloc(HUGE_ATTACHMENT_BYTES);
  for (let i = 0; i < video.length; i += 4) video.writeUInt32BE(Math.imul(i, 2654435761) >>> 0, i);
  const photo = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
  const lines = (b: Buffer) => b.toString('base64').replace(/(.{76})/g, '$1\r\n');
  return Buffer.from(
    [
      'From: Kofi Mensah <kofi.mensah@example.com>',
      'To: support@acme.example',
      'Subject: Video of the noise',
      'Date: Tue, 24 Nov 2026 16:30:00 +0000',
      'Message-ID: <huge-attachment-0016@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="huge0016"',
      '',
      '--huge0016',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Video attached: listen to the noise the motor makes at speed 3.',
      '--huge0016',
      'Content-Type: image/jpeg; name="label.jpg"',
      'Content-Disposition: attachment; filename="label.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      lines(photo),
      '--huge0016',
      'Content-Type: video/mp4; name="noise.mp4"',
      'Content-Disposition: attachment; filename="noise.mp4"',
      'Content-Transfer-Encoding: base64',
      '',
      lines(video),
      '--huge0016--',
      '',
    ].join('\r\n'),
  );
}

export const HUGE: Expected = {
  what: 'a 12 MiB attachment, over the size limit (generated in the test)',
  kind: 'message',
  from: 'kofi.mensah@example.com',
  name: 'Kofi Mensah',
  subject: 'Video of the noise',
  body: [
    'listen to the noise the motor makes at speed 3.',
    `[noise.mp4 (${HUGE_ATTACHMENT_BYTES} bytes) not kept: over the size limit; it is in original.eml]`,
  ],
  attachments: [{ filename: 'label.jpg', contentType: 'image/jpeg', magic: 'ffd8ffe0' }],
  autoReply: false,
  messageId: '<huge-attachment-0016@example.com>',
};
