/**
 * Spam of the kinds blogs get: SEO link drops, pharmacy, casino and betting, crypto and "fund recovery",
 * essay mills and loans, "nice post" plus a link, and generic praise that fits any post — some with
 * links in the body, some with only the website field, some in Spanish and Urdu. Written for this project;
 * every domain is under .example, .test or a TLD of the kind spammers favour, invented here.
 */
import { hamText } from './ham.js';
import { choose, fill, type Part, type Random } from './random.js';
import type { LabelledComment } from './types.js';

const SLOTS = {
  praise: [
    'Great post',
    'Nice post',
    'Very informative article',
    'Thanks for sharing this useful information',
    'Awesome blog',
    'I have been surfing online more than three hours today, yet I never found any interesting article like yours',
    'This is really interesting, you are a very skilled blogger',
    'Hello there, just became aware of your blog through Google, and found that it is truly informative',
    'Wow, superb blog layout! How long have you been blogging for',
    'I like the valuable info you provide in your articles',
    'Excellent post. I was checking constantly this blog and I am impressed',
    'Keep up the good work',
    'Your writing style is awesome, keep doing what you are doing',
  ],
  invite: [
    'Check out my site',
    'Visit us for more',
    'Also visit my web page',
    'Feel free to surf to my blog',
    'Here is my homepage',
    'Click here',
    'Read more here',
    'My page',
  ],
  seo: [
    'best SEO services',
    'affordable link building',
    'buy backlinks cheap',
    'web design company in Dubai',
    'digital marketing agency',
    'rank #1 on Google',
    'guest post service',
    'cheap website traffic',
  ],
  pharma: [
    'buy viagra online',
    'cialis 20mg without prescription',
    'cheap tramadol overnight delivery',
    'generic levitra best price',
    'buy xanax no rx',
    'weight loss pills that work fast',
    'order modafinil online',
  ],
  casino: [
    'online casino bonus',
    'best slot sites',
    'free spins no deposit',
    'sports betting tips',
    'live roulette real money',
    'poker online welcome bonus',
    'jackpot slots win big',
  ],
  crypto: [
    'bitcoin investment platform',
    'double your BTC in 24 hours',
    'crypto trading signals',
    'recover your lost crypto funds',
    'forex trading robot',
    'passive income with USDT staking',
  ],
  misc: [
    'replica watches',
    'essay writing service',
    'payday loans same day',
    'cheap Ugg boots',
    'instant personal loans',
    'do my homework for me',
    'buy Instagram followers',
  ],
  tail: [
    '',
    '',
    'Thanks!',
    'Cheers',
    'Regards',
    'Good luck for the next!',
    'I will bookmark your site.',
    'Contact on WhatsApp +1 555 0100 for more info.',
  ],
  recovery: [
    'I lost 3 BTC to a fake broker and thought it was gone forever until I contacted a recovery expert',
    'My wife was scammed on a trading site but this hacker got every dollar back in two days',
    'If you need a legit hacker to recover funds or fix your credit score, contact',
  ],
};

const DOMAINS = [
  'seo-rank-pro.example',
  'cheap-meds24.xyz',
  'casino-royal-win.top',
  'btc-doubler.club',
  'essaypro-help.example',
  'replica-lux.shop',
  'fastloan-now.info',
  'slots4win.bet',
  'followers-boost.site',
  'rx-pharma-direct.ru',
  'cryptorecover-expert.online',
  'dubai-webdesign.example',
];
const NAMES_KEYWORD = [
  'Best SEO Company',
  'casino online',
  'Buy Viagra',
  'crypto recovery',
  'Essay Writer',
  'replica watches',
  'payday loans',
  'slot gacor',
  'web design Dubai',
  'SEO Expert',
];
const NAMES_HUMAN = ['Jennifer', 'Mark Wilson', 'Sandra', 'Kevin', 'Linda Smith', 'Jessica', 'Robert', 'Emily Rose', 'David'];

const FORMS = [
  '{praise}! {invite}: <a href="{link}">{product}</a> {tail}',
  '{praise}. {tail}',
  '{praise}. I also write about {product}, see {link} {tail}',
  '<a href="{link}">{product}</a> <a href="{link}">{product}</a> <a href="{link}">{product}</a>',
  '{product} — {link} {product} — {link}',
  '{praise}! {product} at {link}',
  '{recovery} {link} or email recovery@{domain}',
  '{praise}, {tail} <a href="{link}">{product}</a>',
  'Hi, {praise}. Are you looking for {product}? We offer the best prices. {link}',
];

const SPANISH = [
  '¡Excelente artículo! Visita mi página de {es_product}: {link}',
  'Muy buena información, gracias. {es_product} con envío gratis en {link}',
  'Gana dinero desde casa con {es_product}. Más información en {link}',
];
const ES_PRODUCTS = ['casino en línea', 'bitcoin fácil', 'préstamos rápidos', 'pastillas para adelgazar', 'apuestas deportivas'];

const URDU = [
  'بہترین مضمون! {ur_product} کے لیے ہماری ویب سائٹ دیکھیں {link}',
  'گھر بیٹھے {ur_product} سے پیسے کمائیں، ابھی رابطہ کریں {link}',
  'شکریہ جناب۔ {ur_product} کی بہترین سروس {link}',
];
const UR_PRODUCTS = ['آن لائن کیسینو', 'بٹ کوائن سرمایہ کاری', 'سستے قرضے', 'وزن کم کرنے کی دوا'];

/** One spam comment. */
export function spamComment(random: Random, part: Part): LabelledComment {
  const family = random.pick(['seo', 'pharma', 'casino', 'crypto', 'misc', 'seo', 'casino', 'pharma'] as const);
  const domain = choose(random, DOMAINS, part);
  const link = `${random.chance(0.5) ? 'https' : 'http'}://${random.chance(0.3) ? 'www.' : ''}${domain}/${random.pick(['', 'go', 'ref=blog', 'p/123', 'deal'])}`;
  const slots = { ...SLOTS, link: [link], domain: [domain], product: SLOTS[family], es_product: ES_PRODUCTS, ur_product: UR_PRODUCTS };
  const kind = random.next();
  let text: string;
  if (kind < 0.1) text = fill(random, choose(random, SPANISH, part), slots, part);
  else if (kind < 0.18) text = fill(random, choose(random, URDU, part), slots, part);
  else if (kind < 0.33) {
    // A reader's words copied from elsewhere, to carry the website field or one quiet link.
    text = hamText(random, part);
    if (random.chance(0.4)) text += ` <a href="${link}">${fill(random, '{product}', slots, part)}</a>`;
  } else text = fill(random, choose(random, FORMS, part), slots, part);
  // Bare addresses become links about half the time, as an auto-linking form would.
  text = text.replace(/(^|\s)(https?:\/\/\S+)/g, (_, s: string, u: string) =>
    random.chance(0.5) ? `${s}<a href="${u}">${u}</a>` : `${s}${u}`,
  );
  const keywordName = random.chance(0.5);
  const name = keywordName ? choose(random, NAMES_KEYWORD, part) : choose(random, NAMES_HUMAN, part);
  const email = `${random.pick(['info', 'admin', 'sales', name.toLowerCase().replace(/[^a-z]/g, '') || 'user'])}${random.int(1, 999)}@${random.pick(['gmail.com', 'mail.ru', 'yahoo.com', domain, 'outlook.com'])}`;
  const url = random.chance(0.7) || kind < 0.33 ? link : '';
  return { isSpam: true, authorName: name, authorEmail: email, authorUrl: url, bodyHtml: `<p>${text.replace(/\s+/g, ' ').trim()}</p>` };
}
