/**
 * Readers' comments of the kind real blogs get: reactions to the post, questions, corrections, stories,
 * disagreement, thanks — some short, some long, some with a link to a source or their own blog, in
 * English, Spanish and Urdu. Written for this project.
 */
import { choose, fill, type Part, type Random } from './random.js';
import type { LabelledComment } from './types.js';

interface Topic {
  subject: readonly string[];
  detail: readonly string[];
  question: readonly string[];
  story: readonly string[];
  source: readonly string[];
}

const TOPICS: readonly Topic[] = [
  {
    subject: ['the sourdough starter', 'your bread recipe', 'the hydration numbers', 'the overnight proof'],
    detail: [
      'I kept my dough at 75% water and it was much easier to shape',
      'the crumb came out open but a bit gummy in the middle',
      'rye flour in the starter really did wake it up',
      'my oven runs hot so I dropped it to 230 degrees',
    ],
    question: [
      'How long do you let it rest after the stretch and folds?',
      'Would whole wheat flour change the timing much?',
      'Do you bake it covered for the whole first half?',
    ],
    story: [
      'My grandmother baked every Friday and never measured anything',
      'I ruined three loaves before I understood the float test',
      'We tried this with the kids last weekend and the kitchen was covered in flour',
    ],
    source: ['https://en.wikipedia.org/wiki/Sourdough', 'https://www.kingarthurbaking.com/recipes'],
  },
  {
    subject: ['the section on async iterators', 'your Postgres indexing notes', 'the part about migrations', 'this TypeScript tip'],
    detail: [
      'a partial index fixed exactly this slow query for us',
      'we hit the same deadlock when two workers updated the same rows',
      'the strict flag caught two real bugs on the first day',
      'the EXPLAIN output you pasted is missing the buffers line',
    ],
    question: [
      'Does this still hold on version 16?',
      'Have you measured it with more than a million rows?',
      'Why not use a generated column here instead?',
    ],
    story: [
      'At work we spent a week chasing this before someone read the docs',
      'I gave a talk on this last spring and the same questions came up',
      'Our team lead printed this out and pinned it above the coffee machine',
    ],
    source: [
      'https://www.postgresql.org/docs/current/indexes-partial.html',
      'https://github.com/kysely-org/kysely/issues',
      'https://developer.mozilla.org/en-US/docs/Web/JavaScript',
    ],
  },
  {
    subject: ['the trip through the Karakoram', 'your photos from Hunza', 'the night train to Lisbon', 'the walk along the old city wall'],
    detail: [
      'the light on the mountains in the third photo is unreal',
      'we took the same bus in 2019 and it broke down twice',
      'the guesthouse you mention is still run by the same family',
      'October really is the best month, the apricot trees turn gold',
    ],
    question: [
      'Did you need a permit for the border area?',
      'How many days would you recommend for the whole route?',
      'Which lens did you use for the valley shots?',
    ],
    story: [
      'My father grew up two villages further up that road',
      'We missed the last ferry and slept in the station that night',
      'I still have the little cup I bought at that market',
    ],
    source: ['https://www.openstreetmap.org', 'https://en.wikipedia.org/wiki/Karakoram_Highway'],
  },
  {
    subject: ['the tomato seedlings', 'your compost post', 'the raised beds', 'the note about slugs'],
    detail: [
      'crushed eggshells did nothing against slugs in my garden',
      'we lost half the seedlings to a late frost this year',
      'coffee grounds made my compost far too wet',
      'marigolds between the rows seem to keep the aphids down',
    ],
    question: [
      'What depth are your raised beds?',
      'Do you start the seeds indoors or straight in the ground?',
      'Is it too late to plant garlic in November?',
    ],
    story: [
      'My neighbour swears by talking to her plants and her roses are better than mine',
      'The first year I planted everything too close together',
      'Our allotment society had a long argument about exactly this',
    ],
    source: ['https://www.rhs.org.uk/advice', 'https://en.wikipedia.org/wiki/Companion_planting'],
  },
  {
    subject: ['your review of the novel', 'the reading list', 'the chapter on memory', 'your thoughts on the ending'],
    detail: [
      'I read it as a much darker book than you did',
      'the translation I have is clumsier than the one you quote',
      'the middle section drags but the last fifty pages make up for it',
      'I think the narrator is lying to us from the first page',
    ],
    question: ['Have you read her earlier short stories?', 'Which translation would you recommend?', 'Is the sequel worth it?'],
    story: [
      'Our book club argued about the ending for two hours',
      'I first read this at university and hated it',
      'My copy is falling apart from being lent around',
    ],
    source: ['https://www.gutenberg.org', 'https://openlibrary.org'],
  },
  {
    subject: [
      'the council meeting write-up',
      'your post on the bus routes',
      'the piece about the library closing',
      'the school funding numbers',
    ],
    detail: [
      'the minutes say the vote was 7 to 4, not 8 to 3',
      'the new route skips the hospital stop entirely',
      'the library hours were already cut twice before this',
      'those figures do not include the building repairs',
    ],
    question: ['Is there a petition we can sign?', 'When is the next public meeting?', 'Where did the budget numbers come from?'],
    story: [
      'I have taken the number 12 to work for eleven years',
      'My kids learned to read in that library',
      'I went to the meeting and barely got a word in',
    ],
    source: ['https://www.example.gov/minutes/2026-10.pdf', 'https://en.wikipedia.org/wiki/Participatory_budgeting'],
  },
  {
    // Readers who write about what spammers sell: the words alone must not condemn them.
    subject: [
      'your post on gambling ads',
      'the piece about crypto scams',
      'the article on medicine prices',
      'the thread about payday lenders',
    ],
    detail: [
      'my uncle lost his savings to online casino apps and nobody warned him',
      'the bitcoin investment platform that scammed my colleague looked exactly like the one you describe',
      'generic drugs cost a tenth of the brand price at our pharmacy',
      'free spins offers are everywhere during the football broadcasts now',
      'the doctor switched me to a generic and it works just the same',
      'a payday loan at 400% interest is legal here, which still shocks me',
    ],
    question: [
      'Is there a helpline you would recommend?',
      'Who regulates these betting sites?',
      'Did the regulator ever answer you?',
      'Can a bank reverse a crypto transfer at all?',
    ],
    story: [
      'My brother was hooked on sports betting for years',
      'Our pharmacist told us the same thing about generic viagra and cialis',
      'A friend was promised double her bitcoin in a week and lost everything',
    ],
    source: [
      'https://www.gamcare.org.uk',
      'https://en.wikipedia.org/wiki/Cryptocurrency_and_crime',
      'https://www.who.int/news-room/fact-sheets',
    ],
  },
];

const SLOTS = {
  opener: [
    '',
    '',
    'Thanks for writing this up.',
    'Interesting read.',
    'Great post!',
    'Lovely post.',
    'Hm, not sure I agree.',
    'Late to this.',
    'Small correction:',
    'Ha, this made my day.',
    'Good one.',
    'Been waiting for this post.',
  ],
  closer: [
    '',
    '',
    '',
    'Thanks again!',
    'Keep writing.',
    'Looking forward to part two.',
    'Cheers.',
    'Anyway, just my two cents.',
    'Will report back.',
    'Greetings from Karachi.',
    'Saludos.',
  ],
  agree: ['I agree about', 'I really liked', 'I had the same experience with', 'You are right about', 'I was surprised by'],
  disagree: ['I see it differently when it comes to', 'I am not convinced by', 'I think you are too hard on', 'I tried', 'I went back to'],
};

const FORMS = [
  '{opener} {agree} {subject}: {detail}. {closer}',
  '{opener} {question} {closer}',
  '{opener} {story}. {agree} {subject}, {detail}. {closer}',
  '{opener} {disagree} {subject} — {detail}. {question}',
  '{story}. {question}',
  '{opener} {agree} {subject}. {detail}, see {source} {closer}',
  '{disagree} {subject} and honestly {detail}. {closer}',
  '{opener} {detail}.',
];

const NAMES = [
  'Ayesha',
  'Tom Becker',
  'Marta G.',
  'Bilal',
  'Priya',
  'J. Okafor',
  'Hannah',
  'Sam',
  'Farhan Q',
  'Lucía',
  'old reader',
  'Nadia K.',
  'Peter',
  'Zainab',
  'Mikko',
  'Carlos Ruiz',
  'Anonymous',
  'Grace',
  'Imran',
  'Rosa',
];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'proton.me', 'hotmail.com', 'posteo.de', 'uni-example.edu', ''];
const OWN_SITES = [
  '',
  '',
  '',
  '',
  'https://bilal.blogspot.com',
  'https://martagarcia.example.net',
  'https://github.com/jokafor',
  'https://priya-writes.example.org',
];

const SPANISH = [
  'Muy buen artículo, {es_detail}. ¿{es_question}?',
  'Gracias por compartir. {es_detail}, aunque no estoy del todo de acuerdo.',
  '{es_story}. {es_detail}.',
  'Me encantó la parte sobre {es_subject}. {es_question}?',
];
const SPANISH_SLOTS = {
  es_detail: [
    'a mí me pasó lo mismo con la masa madre',
    'la foto del valle es preciosa',
    'el autobús nuevo ya no para en el hospital',
    'la traducción que tengo es bastante peor',
    'las caléndulas me funcionaron contra los pulgones',
  ],
  es_question: [
    'Cuánto tiempo lo dejas reposar',
    'Necesitaste algún permiso',
    'Qué traducción recomiendas',
    'Cuándo es la próxima reunión',
  ],
  es_story: [
    'Mi abuela hacía pan todos los viernes',
    'Fuimos en octubre y hacía un frío tremendo',
    'En mi club de lectura discutimos el final durante horas',
  ],
  es_subject: ['la receta', 'el viaje', 'el huerto', 'la novela', 'los presupuestos'],
};

const URDU = [
  'بہت اچھی تحریر ہے۔ {ur_detail}۔ {ur_question}؟',
  'شکریہ، {ur_detail}۔',
  '{ur_story}۔ {ur_detail}۔',
  'آپ نے {ur_subject} کے بارے میں بالکل ٹھیک لکھا۔ {ur_question}؟',
];
const URDU_SLOTS = {
  ur_detail: [
    'میں نے بھی یہی ترکیب آزمائی تھی اور روٹی بہت نرم بنی',
    'ہنزہ کی تصویریں واقعی خوبصورت ہیں',
    'ہمارے محلے میں بھی لائبریری بند ہو گئی',
    'ناول کا آخری حصہ مجھے زیادہ پسند آیا',
    'ٹماٹر کے پودے اس سال سردی سے خراب ہو گئے',
  ],
  ur_question: ['کیا اگلا حصہ جلد آئے گا', 'آپ نے کون سا کیمرہ استعمال کیا', 'اس کا ترجمہ کہاں ملے گا', 'کیا اکتوبر میں سفر ٹھیک رہے گا'],
  ur_story: ['میری دادی ہر جمعہ کو روٹی پکاتی تھیں', 'ہم پچھلے سال اسی راستے سے گئے تھے', 'ہمارے اسکول کی لائبریری میں یہ کتاب تھی'],
  ur_subject: ['سفر', 'کتاب', 'باغبانی', 'بلدیاتی اجلاس'],
};

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s([.,:?!])/g, '$1')
    .trim();
}

/** The words of a reader's comment (spammers copy these too: see spam.ts). */
export function hamText(random: Random, part: Part): string {
  const language = random.next();
  if (language < 0.12) return tidy(fill(random, choose(random, SPANISH, part), SPANISH_SLOTS, part));
  if (language < 0.22) return tidy(fill(random, choose(random, URDU, part), URDU_SLOTS, part));
  const topic = random.pick(TOPICS);
  return tidy(fill(random, choose(random, FORMS, part), { ...SLOTS, ...topic }, part));
}

/** One reader's comment. */
export function hamComment(random: Random, part: Part): LabelledComment {
  const name = choose(random, NAMES, part);
  const domain = choose(random, EMAIL_DOMAINS, part);
  const email = domain === '' ? '' : `${name.toLowerCase().replace(/[^a-z]/g, '') || 'reader'}@${domain}`;
  const url = choose(random, OWN_SITES, part);
  const text = hamText(random, part);
  // Paragraphs, and the odd source linked properly rather than bare.
  let html = `<p>${text.replace(/(https?:\/\/\S+?)([.,]?)(\s|$)/g, (_, u: string, p: string, s: string) => (random.chance(0.5) ? `<a href="${u}">${u}</a>${p}${s}` : `${u}${p}${s}`))}</p>`;
  if (random.chance(0.1)) html = html.replace(/<p>(.*?)\. /, '<p>$1.</p><p>');
  return { isSpam: false, authorName: name, authorEmail: email, authorUrl: url, bodyHtml: html };
}
