/**
 * The words of `pnpm bench:reads`: what customers of a home-appliance shop write, in English,
 * German, French and Spanish (accents included), and how often. Deterministic: every draw comes
 * from a seeded generator, so two runs seed the same cases.
 */

/** mulberry32: a small seeded generator; `rng(seed)` gives the same numbers for the same seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Zipf-like: index i drawn with weight 1 / (i + 1)^s, so the first few dominate. */
export function zipf(n: number, s = 1): (r: Rand) => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) cdf.push((sum += 1 / Math.pow(i + 1, s)));
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Draws a key of `weights` in proportion to its weight. */
export function weighted<K extends string>(weights: Record<K, number>): (r: Rand) => K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [k, w] of entries) if ((x -= w) < 0) return k;
    return entries[entries.length - 1][0];
  };
}

export type Lang = 'en' | 'de' | 'fr' | 'es';
export const language = weighted<Lang>({ en: 40, de: 30, fr: 15, es: 15 });

interface Words {
  first: string[];
  last: string[];
  products: string[];
  /** Subjects: `{p}` is a product, `{o}` an order number. */
  subjects: string[];
  /** Sentences of a customer's description or message. */
  customer: string[];
  /** Sentences of an agent's reply. */
  agent: string[];
  notes: string[];
  cities: string[];
}

const WORDS: Record<Lang, Words> = {
  en: {
    first: ['Olivia', 'James', 'Amelia', 'Oliver', 'Isla', 'Harry', 'Ava', 'Noah', 'Emily', 'Leo'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Walker', 'Hughes'],
    products: [
      'coffee machine',
      'washing machine',
      'dishwasher',
      'fridge',
      'vacuum cleaner',
      'blender',
      'toaster',
      'kettle',
      'microwave',
      'air fryer',
    ],
    subjects: [
      'My {p} arrived damaged',
      'Charged twice for order {o}',
      'Refund for {o} not received',
      'Cannot log in to my account',
      'Delivery of {o} is late',
      'Wrong item delivered instead of the {p}',
      'The {p} stopped working',
      'Invoice missing for order {o}',
      'Question about the warranty of my {p}',
      'Change the delivery address for {o}',
    ],
    customer: [
      'Hello, I ordered a {p} two weeks ago.',
      'The box was crushed and the {p} has a crack.',
      'I was charged twice on my credit card.',
      'Could you please send me the invoice?',
      'The courier left the parcel at my neighbour in {c}.',
      'I would like a replacement rather than a refund.',
      'It makes a loud noise and then switches off.',
      'My order number is {o}.',
      'Please call me back, I am at home after six.',
      'Thanks in advance for your help.',
    ],
    agent: [
      'Thank you for contacting us and sorry for the trouble.',
      'I have issued a refund, you will see it within five working days.',
      'A replacement {p} is on its way, here is the tracking link.',
      'Could you send us a photo of the damage?',
      'I have attached your invoice to this message.',
      'The warranty covers this, we will collect the {p} from {c}.',
      'Kind regards, the support team.',
    ],
    notes: [
      'Customer called twice, escalate if no answer by Friday.',
      'Refund approved by finance.',
      'Courier claim opened for order {o}.',
    ],
    cities: ['London', 'Manchester', 'Bristol', 'Leeds', 'Glasgow', 'Cardiff'],
  },
  de: {
    first: [
      'Jürgen',
      'Anna',
      'Lukas',
      'Mia',
      'Jörg',
      'Lena',
      'Björn',
      'Sophie',
      'Günther',
      'Hanna',
    ],
    last: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weiß',
      'Schäfer',
      'Köhler',
      'Groß',
      'Krüger',
    ],
    products: [
      'Kaffeemaschine',
      'Waschmaschine',
      'Geschirrspüler',
      'Kühlschrank',
      'Staubsauger',
      'Standmixer',
      'Toaster',
      'Wasserkocher',
      'Mikrowelle',
      'Heißluftfritteuse',
    ],
    subjects: [
      '{p} kam beschädigt an',
      'Doppelt abgebucht für Bestellung {o}',
      'Rückerstattung für {o} nicht erhalten',
      'Kann mich nicht anmelden',
      'Lieferung {o} verspätet',
      'Falscher Artikel statt {p} geliefert',
      '{p} funktioniert nicht mehr',
      'Rechnung fehlt für Bestellung {o}',
      'Frage zur Garantie meiner {p}',
      'Lieferadresse für {o} ändern',
    ],
    customer: [
      'Guten Tag, ich habe vor zwei Wochen eine {p} bestellt.',
      'Der Karton war zerdrückt und die {p} hat einen Riss.',
      'Mir wurde der Betrag doppelt von der Kreditkarte abgebucht.',
      'Könnten Sie mir bitte die Rechnung schicken?',
      'Der Paketbote hat das Paket beim Nachbarn in {c} abgegeben.',
      'Ich möchte lieber einen Ersatz als eine Rückerstattung.',
      'Sie macht ein lautes Geräusch und schaltet sich dann aus.',
      'Meine Bestellnummer ist {o}.',
      'Bitte rufen Sie mich zurück, ich bin ab achtzehn Uhr zu Hause.',
      'Vielen Dank im Voraus für Ihre Hilfe.',
    ],
    agent: [
      'Vielen Dank für Ihre Nachricht, das tut uns leid.',
      'Die Rückerstattung ist veranlasst, sie erscheint in fünf Werktagen.',
      'Eine neue {p} ist unterwegs, hier ist die Sendungsverfolgung.',
      'Könnten Sie uns ein Foto vom Schaden schicken?',
      'Ihre Rechnung finden Sie im Anhang.',
      'Das ist ein Garantiefall, wir holen die {p} in {c} ab.',
      'Mit freundlichen Grüßen, Ihr Kundenservice.',
    ],
    notes: [
      'Kunde hat zweimal angerufen, bis Freitag eskalieren.',
      'Erstattung von der Buchhaltung freigegeben.',
      'Reklamation beim Paketdienst für {o} eröffnet.',
    ],
    cities: ['München', 'Köln', 'Düsseldorf', 'Nürnberg', 'Zürich', 'Saarbrücken', 'Lübeck'],
  },
  fr: {
    first: ['Léa', 'Hugo', 'Chloé', 'Théo', 'Zoé', 'Noé', 'Anaïs', 'Jérôme', 'Hélène', 'François'],
    last: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Lemaître', 'Fournier'],
    products: [
      'cafetière',
      'lave-linge',
      'lave-vaisselle',
      'réfrigérateur',
      'aspirateur',
      'mixeur',
      'grille-pain',
      'bouilloire',
      'micro-ondes',
      'friteuse',
    ],
    subjects: [
      'Ma {p} est arrivée endommagée',
      'Débité deux fois pour la commande {o}',
      'Remboursement de {o} non reçu',
      'Impossible de me connecter',
      'Livraison de {o} en retard',
      'Mauvais article livré au lieu de la {p}',
      'La {p} ne fonctionne plus',
      'Facture manquante pour la commande {o}',
      'Question sur la garantie de ma {p}',
      'Changer l’adresse de livraison de {o}',
    ],
    customer: [
      'Bonjour, j’ai commandé une {p} il y a deux semaines.',
      'Le carton était écrasé et la {p} est fêlée.',
      'J’ai été débité deux fois sur ma carte bancaire.',
      'Pourriez-vous m’envoyer la facture, s’il vous plaît ?',
      'Le livreur a déposé le colis chez mon voisin à {c}.',
      'Je préfère un échange plutôt qu’un remboursement.',
      'Elle fait un bruit très fort puis s’éteint.',
      'Mon numéro de commande est {o}.',
      'Merci de me rappeler, je suis chez moi après dix-huit heures.',
      'Merci d’avance pour votre aide.',
    ],
    agent: [
      'Merci de nous avoir contactés, nous sommes désolés.',
      'Le remboursement est effectué, il apparaîtra sous cinq jours ouvrés.',
      'Une nouvelle {p} est en route, voici le lien de suivi.',
      'Pourriez-vous nous envoyer une photo des dégâts ?',
      'Vous trouverez votre facture en pièce jointe.',
      'La garantie couvre ce problème, nous récupérons la {p} à {c}.',
      'Cordialement, le service client.',
    ],
    notes: [
      'Le client a appelé deux fois, escalader vendredi.',
      'Remboursement validé par la comptabilité.',
      'Réclamation transporteur ouverte pour {o}.',
    ],
    cities: ['Besançon', 'Orléans', 'Nîmes', 'Genève', 'Montréal', 'Saint-Étienne'],
  },
  es: {
    first: [
      'Lucía',
      'Martín',
      'Sofía',
      'Andrés',
      'María',
      'Jesús',
      'Inés',
      'Iñigo',
      'Begoña',
      'Raúl',
    ],
    last: [
      'García',
      'Fernández',
      'González',
      'Rodríguez',
      'López',
      'Martínez',
      'Sánchez',
      'Pérez',
      'Núñez',
    ],
    products: [
      'cafetera',
      'lavadora',
      'lavavajillas',
      'frigorífico',
      'aspiradora',
      'batidora',
      'tostadora',
      'hervidor',
      'microondas',
      'freidora de aire',
    ],
    subjects: [
      'Mi {p} llegó dañada',
      'Cobrado dos veces por el pedido {o}',
      'Reembolso de {o} no recibido',
      'No puedo iniciar sesión',
      'Entrega de {o} retrasada',
      'Artículo equivocado en lugar de la {p}',
      'La {p} dejó de funcionar',
      'Falta la factura del pedido {o}',
      'Pregunta sobre la garantía de mi {p}',
      'Cambiar la dirección de entrega de {o}',
    ],
    customer: [
      'Hola, pedí una {p} hace dos semanas.',
      'La caja estaba aplastada y la {p} tiene una grieta.',
      'Me cobraron dos veces en la tarjeta de crédito.',
      '¿Podrían enviarme la factura, por favor?',
      'El repartidor dejó el paquete con mi vecino en {c}.',
      'Prefiero un cambio en lugar de un reembolso.',
      'Hace un ruido muy fuerte y luego se apaga.',
      'Mi número de pedido es {o}.',
      'Llámenme, por favor, estoy en casa después de las seis.',
      'Muchas gracias de antemano por su ayuda.',
    ],
    agent: [
      'Gracias por contactarnos, lamentamos las molestias.',
      'Hemos emitido el reembolso, lo verá en cinco días hábiles.',
      'Una nueva {p} está en camino, aquí tiene el enlace de seguimiento.',
      '¿Podría enviarnos una foto de los daños?',
      'Adjuntamos su factura a este mensaje.',
      'La garantía cubre esto, recogeremos la {p} en {c}.',
      'Saludos cordiales, el equipo de atención al cliente.',
    ],
    notes: [
      'El cliente llamó dos veces, escalar el viernes.',
      'Reembolso aprobado por contabilidad.',
      'Reclamación abierta con la mensajería para {o}.',
    ],
    cities: ['Málaga', 'Córdoba', 'Logroño', 'Cádiz', 'León', 'Ávila', 'A Coruña'],
  },
};

/**
 * Words a case holds rarely (each in about one case in 10,000, in one of its messages): what a
 * search "hitting few" looks for.
 */
export const RARE_WORDS = [
  'Quittungsdrucker',
  'Sonnenschirm',
  'tire-bouchon',
  'sacacorchos',
  'metronome',
  'Zitruspresse',
  'parapluie',
  'paraguas',
  'dehumidifier',
  'Eierkocher',
];
const RARE_PER_CASE = 1e-4 * RARE_WORDS.length;

export const TAGS: readonly string[] = [
  'billing',
  'shipping',
  'refund',
  'damaged',
  'login',
  'warranty',
  'invoice',
  'returns',
  'vip',
  'complaint',
  'address-change',
  'payment',
  'late-delivery',
  'wrong-item',
  'feedback',
  ...Array.from({ length: 185 }, (_, i) => `topic-${String(i + 1).padStart(3, '0')}`),
];
const tagRank = zipf(TAGS.length, 1.1);

export interface TextOf {
  subject: string;
  description: string;
  /** Bodies of the case's messages, in order; `internal` ones are agents' notes. */
  messages: { body: string; from: 'contact' | 'agent'; internal: boolean }[];
}

const fill = (r: Rand, w: Words, s: string, product: string, order: string) =>
  s.replace('{p}', product).replace('{o}', order).replace('{c}', pick(r, w.cities));

function sentences(r: Rand, w: Words, pool: string[], n: number, product: string, order: string) {
  return Array.from({ length: n }, () => fill(r, w, pick(r, pool), product, order)).join(' ');
}

/** What a case says: subject, description and `messages` messages, in the contact's language. */
export function caseText(r: Rand, lang: Lang, messages: number): TextOf {
  const w = WORDS[lang];
  const product = pick(r, w.products);
  const order = `A-${100000 + Math.floor(r() * 900000)}`;
  const out: TextOf = {
    subject: fill(r, w, pick(r, w.subjects), product, order),
    description: sentences(r, w, w.customer, 2 + Math.floor(r() * 3), product, order),
    messages: [],
  };
  for (let i = 0; i < messages; i++) {
    const from = i % 2 === 0 ? 'contact' : 'agent';
    const internal = from === 'agent' && r() < 0.1;
    const pool = internal ? w.notes : from === 'agent' ? w.agent : w.customer;
    out.messages.push({
      body: sentences(r, w, pool, 1 + Math.floor(r() * 3), product, order),
      from,
      internal,
    });
  }
  if (out.messages.length && r() < RARE_PER_CASE) {
    const m = out.messages[out.messages.length - 1];
    m.body += ` ${pick(r, RARE_WORDS)}`;
  }
  return out;
}

export function personName(r: Rand, lang: Lang): { first: string; last: string } {
  return { first: pick(r, WORDS[lang].first), last: pick(r, WORDS[lang].last) };
}

/** 0–4 tags, about 1.5 on average, a few tags on most cases and a long tail of rare ones. */
export function tagsOf(r: Rand): string[] {
  const n = weighted({ 0: 20, 1: 35, 2: 30, 3: 10, 4: 5 })(r);
  const out = new Set<string>();
  for (let i = 0; i < Number(n); i++) out.add(TAGS[tagRank(r)]);
  return [...out];
}
