/**
 * What the customers of `pnpm bench:social` write and what the agents answer, the same in every
 * process: customer `i` (an id the fake gives, `customers` of social-fake.ts) has a name and
 * writes one message per run, in one of several languages and scripts (Meta signs the escaped
 * bytes, Telegram sends UTF-8: the plugins must verify and read both); the replies are
 * reply-workload.ts's on social cases whose contact has the platform's handle.
 */
import { replyWorkload, type ReplyItem } from './reply-workload.js';

const FIRST = ['Zoë', 'Jürgen', 'Anaïs', 'Şebnem', 'Nguyễn', 'Ødegaard', 'Łucja', '美咲'];
const LAST = ['Dvořák', 'Groß', 'Lefèvre', 'Yılmaz', 'Văn An', 'Åsa', 'Wójcik', '佐藤'];

const TEXTS = [
  'Grüß Gott! Meine Bestellung ist noch nicht angekommen. Können Sie nachsehen?',
  'Bonjour, où en est ma commande ? Le suivi ne bouge plus depuis lundi.',
  'Здравствуйте! Заказ пришёл повреждённым, что мне делать?',
  '注文した商品がまだ届いていません。確認していただけますか？',
  'Merhaba, şifremi sıfırlayamıyorum 😕 bağlantı çalışmıyor.',
  'مرحبا، لم يصل طلبي بعد. هل يمكنكم المساعدة؟',
  'Olá! Posso trocar o tamanho da camisola? 👕',
  '¿Me pueden devolver el cargo duplicado? 🙏 Gracias.',
] as const;

/** Customer `i`'s name, as their profile shows it. */
export function customerName(i: number): { first: string; last: string } {
  return { first: FIRST[i % FIRST.length], last: LAST[Math.floor(i / FIRST.length) % LAST.length] };
}

/** What customer `i` writes in the run named `tag`: no two messages of a run are the same. */
export function customerText(tag: string, i: number): string {
  return `${TEXTS[i % TEXTS.length]} (${tag} #${i + 1})`;
}

/** The handle the hub keeps for a customer the fake knows by `id`. */
export const handleOf = (platform: string, id: string) => `${platform}:${id}`.toLowerCase();

/** `count` replies on the cases of the first customers, ceil(count / repliesPerCase) of them. */
export function socialWorkload(
  tag: string,
  count: number,
  repliesPerCase: number,
  platform: string,
  customers: readonly string[],
): ReplyItem[] {
  const handle = (i: number) => handleOf(platform, customers[i % customers.length]);
  return replyWorkload(tag, count, repliesPerCase, {
    channel: 'social',
    contact: (i) => ({ email: null, phone: null, handles: [handle(i)] }),
    subject: (i) => `Message from ${handle(i)}`,
  });
}

/** The customer's id a reply goes to (the fake files the texts it gets under it). */
export const recipientOf = (item: ReplyItem) => {
  const handle = item.case.contact!.handles![0];
  return handle.slice(handle.indexOf(':') + 1);
};
