/**
 * Blogs that look like real ones, for the theme screenshots: an English, an Urdu and an Arabic blog,
 * each with pictures (landscapes drawn as SVG and stored through the image service, as uploads are),
 * cover images on most posts, a first image in one post's body, posts long enough for excerpts and one
 * with a jump break, labels, an About and a Contact page in the pages menu, a logo and counted views.
 */
import sharp from 'sharp';
import type { Services } from '../../src/services.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { makeBlog } from './factories.js';

export interface ShowcaseBlog {
  blog: BlogRow;
  posts: PostRow[];
  pages: PostRow[];
  /** The most viewed post (it has comments). */
  featured: PostRow;
  label: string;
}

interface Text {
  title: string;
  labels: string[];
  paragraphs: string[];
}

const PALETTES = [
  ['#f6d365', '#fda085', '#8e4a49', '#4a2c2a'],
  ['#a1c4fd', '#c2e9fb', '#3d5a80', '#293241'],
  ['#d4fc79', '#96e6a1', '#2d6a4f', '#1b4332'],
  ['#fbc2eb', '#a6c1ee', '#6d597a', '#355070'],
  ['#ffecd2', '#fcb69f', '#b5651d', '#5c3d2e'],
  ['#e0c3fc', '#8ec5fc', '#4361ee', '#3a0ca3'],
];

/** A landscape: a sky in two colours, a sun, and two ranges of hills. */
function sceneSvg(seed: number, width = 1600, height = 1000): string {
  const [sky1, sky2, hill1, hill2] = PALETTES[seed % PALETTES.length]!;
  const sunX = 300 + ((seed * 337) % 1000);
  const wave = (base: number, amp: number, phase: number) => {
    let d = `M0 ${height}`;
    for (let x = 0; x <= width; x += 80) d += ` L${x} ${Math.round(base + amp * Math.sin(x / 260 + phase + seed))}`;
    return `${d} L${width} ${height} Z`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky1}"/><stop offset="1" stop-color="${sky2}"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#s)"/>
<circle cx="${sunX}" cy="${height * 0.32}" r="${height * 0.11}" fill="#fff" opacity="0.85"/>
<path d="${wave(height * 0.62, 60, 0)}" fill="${hill1}" opacity="0.8"/>
<path d="${wave(height * 0.78, 45, 2)}" fill="${hill2}"/>
</svg>`;
}

async function upload(services: Services, blog: BlogRow, seed: number, width?: number, height?: number): Promise<string> {
  const png = await sharp(Buffer.from(sceneSvg(seed, width, height)))
    .jpeg({ quality: 82 })
    .toBuffer();
  return (await services.images.store(blog.id, png)).src;
}

/** A round logo: the blog's initial on a coloured disc. */
async function uploadLogo(services: Services, blog: BlogRow, letter: string, colour: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><circle cx="128" cy="128" r="124" fill="${colour}"/>
<text x="128" y="136" font-family="Noto Sans, Noto Naskh Arabic, sans-serif" font-size="140" font-weight="700" fill="#fff" text-anchor="middle" dominant-baseline="central">${letter}</text></svg>`;
  return (await services.images.store(blog.id, await sharp(Buffer.from(svg)).png().toBuffer())).src;
}

const DAY = 86_400_000;

async function fill(
  services: Services,
  blog: BlogRow,
  texts: Text[],
  pages: { title: string; slug: string; body: string }[],
  options: { logo?: { letter: string; colour: string }; header?: boolean; comments: { author: string; body: string }[] },
): Promise<ShowcaseBlog> {
  const start = Date.UTC(2026, 9, 1, 9);
  const posts: PostRow[] = [];
  for (const [i, text] of texts.entries()) {
    const cover = i === 2 || i === 4 ? '' : await upload(services, blog, i);
    // One post without a cover shows its first image instead; another has no picture at all.
    const inline = i === 2 ? `<p><img src="${await upload(services, blog, i + 7)}" alt="${text.title}"></p>` : '';
    const body = text.paragraphs.map((p, n) => (n === 2 && i === 1 ? `<a name="more"></a><p>${p}</p>` : `<p>${p}</p>`)).join('\n');
    posts.push(
      await services.posts.createPost({
        blogId: blog.id,
        title: text.title,
        body: inline + body,
        labels: text.labels,
        publishedAt: start + i * 3 * DAY,
        coverImageUrl: cover,
        coverImageAlt: cover ? text.title : '',
        authorName: blog.title,
      }),
    );
  }
  const pageRows: PostRow[] = [];
  for (const [i, page] of pages.entries()) {
    const row = await services.posts.createPost({
      blogId: blog.id,
      kind: 'page',
      title: page.title,
      slug: page.slug,
      body: page.body,
      publishedAt: start,
    });
    await services.repositories.posts.update(blog.id, row.id, { menu_order: i });
    pageRows.push(row);
  }
  const featured = posts.at(-2)!;
  let parentId: string | null = null;
  for (const [i, c] of options.comments.entries()) {
    const row = await services.comments.addComment({
      blogId: blog.id,
      postId: featured.id,
      parentId,
      authorName: c.author,
      body: c.body,
      createdAt: featured.published_at! + DAY + i * 3_600_000,
    });
    parentId = row.id;
  }
  posts.forEach((post, i) => {
    for (let n = 0; n < 3 + i * 2; n++) services.viewCounter.record(blog.id, post.id);
  });
  await services.viewCounter.flush();
  const patch: Partial<BlogRow> = {};
  if (options.logo) patch.logo_url = await uploadLogo(services, blog, options.logo.letter, options.logo.colour);
  if (options.header) patch.header_image_url = await upload(services, blog, 5, 2000, 600);
  await services.repositories.blogs.update(blog.id, { ...patch, updated_at: Date.now() });
  const fresh = (await services.repositories.blogs.findById(blog.id))!;
  return { blog: fresh, posts, pages: pageRows, featured, label: texts.at(-2)!.labels[0]! };
}

const LOREM_EN = [
  'The river path starts behind the old mill, where the water runs fast and brown after a night of rain. We followed it for three hours, past orchards and a ruined chapel, and met no one but a heron and a man mending his fence.',
  'By noon the valley opened out and the path climbed to a ridge with a view of the whole river, silver in the sun. We ate bread and cheese on a flat rock and watched the clouds come over the far hills.',
  'Coming back along the road as the light went, tired and happy, we counted the lit windows in the village below and argued about which one was the bakery.',
  'If you go, take water, more than you think, and boots that can get wet. The signs stop after the chapel, so a map helps; the farmers are kind and will point the way.',
];

const ENGLISH: Text[] = [
  { title: 'Walking the old river path', labels: ['Travel', 'Rivers'], paragraphs: LOREM_EN },
  { title: 'Bread from the village bakery', labels: ['Food', 'Travel'], paragraphs: [...LOREM_EN].reverse() },
  { title: 'A week of autumn light in the hills', labels: ['Photography'], paragraphs: LOREM_EN.slice(1) },
  { title: 'What the heron taught me about patience', labels: ['Notes'], paragraphs: LOREM_EN.slice(0, 3) },
  { title: 'Mapping the chapels of the upper valley', labels: ['History', 'Travel'], paragraphs: LOREM_EN },
  { title: 'Seven things to pack for a long walk', labels: ['Guides'], paragraphs: LOREM_EN.slice(2) },
  { title: 'On keeping a notebook', labels: ['Notes'], paragraphs: LOREM_EN.slice(0, 2) },
];

const LOREM_UR = [
  'لاہور کی صبح کچھ اور ہی ہوتی ہے۔ پرانے شہر کی گلیوں میں چائے کی خوشبو اور تندور کی گرمی ایک ساتھ ملتی ہیں، اور ہر موڑ پر کوئی نئی کہانی انتظار کر رہی ہوتی ہے۔',
  'ہم نے بادشاہی مسجد سے سفر شروع کیا اور شام تک انارکلی بازار پہنچ گئے۔ راستے میں ایک بزرگ نے ہمیں اس شہر کی سو سال پرانی باتیں سنائیں جو کسی کتاب میں نہیں ملتیں۔',
  'رات کو فوڈ اسٹریٹ پر کھانا کھایا اور چھت سے مسجد کے روشن گنبد دیکھے۔ 2026 کا یہ سفر ہمیشہ یاد رہے گا۔',
  'اگر آپ جائیں تو آرام دہ جوتے ساتھ رکھیں، پانی کی بوتل اور تھوڑا سا صبر۔ یہ شہر جلدی میں دیکھنے کا نہیں۔',
];

const URDU: Text[] = [
  { title: 'لاہور کی گلیوں میں ایک دن', labels: ['سفر', 'لاہور'], paragraphs: LOREM_UR },
  { title: 'نانی کے ہاتھ کی بریانی', labels: ['کھانا'], paragraphs: [...LOREM_UR].reverse() },
  { title: 'ہنزہ میں خزاں کے رنگ', labels: ['سفر', 'تصویریں'], paragraphs: LOREM_UR.slice(1) },
  { title: 'پرانی کتابوں کی دکان', labels: ['یادیں'], paragraphs: LOREM_UR.slice(0, 3) },
  { title: 'کراچی کا ساحل اور شام', labels: ['سفر'], paragraphs: LOREM_UR },
  { title: 'ڈائری لکھنے کے سات فائدے', labels: ['یادیں'], paragraphs: LOREM_UR.slice(2) },
];

const LOREM_AR = [
  'تبدأ الرحلة من المدينة القديمة، حيث تمتزج رائحة القهوة بأصوات الباعة في الأسواق الضيقة، وكل زاوية تحكي قصة من مئات السنين.',
  'سرنا على طول النهر حتى الظهيرة، ثم صعدنا إلى تلة تطل على الوادي كله، وتناولنا الخبز والزيتون تحت شجرة تين عجوز.',
  'في المساء عدنا إلى المدينة والأضواء تتلألأ على الماء، وجلسنا في مقهى صغير نستمع إلى حكايات صاحبه عن عام 1990.',
  'إن ذهبتم فخذوا ماءً كافيًا وحذاءً مريحًا، ولا تستعجلوا: هذه المدينة لا تُرى على عجل.',
];

const ARABIC: Text[] = [
  { title: 'يوم في أزقة المدينة القديمة', labels: ['سفر', 'مدن'], paragraphs: LOREM_AR },
  { title: 'خبز الصباح من الفرن الحجري', labels: ['طعام'], paragraphs: [...LOREM_AR].reverse() },
  { title: 'ألوان الخريف في الجبال', labels: ['صور'], paragraphs: LOREM_AR.slice(1) },
  { title: 'مكتبة الكتب القديمة', labels: ['ذكريات'], paragraphs: LOREM_AR.slice(0, 3) },
  { title: 'غروب الشمس على الشاطئ', labels: ['سفر'], paragraphs: LOREM_AR },
  { title: 'سبع فوائد لكتابة اليوميات', labels: ['ذكريات'], paragraphs: LOREM_AR.slice(2) },
];

export async function makeShowcaseEnglish(services: Services): Promise<ShowcaseBlog> {
  const blog = await makeBlog(services, {
    name: 'fieldnotes',
    title: 'Field Notes',
    description: 'Walks, bread and rivers, written down.',
  });
  return fill(
    services,
    blog,
    ENGLISH,
    [
      { title: 'About', slug: 'about', body: `<p>${LOREM_EN[0]}</p><p>${LOREM_EN[1]}</p>` },
      { title: 'Contact', slug: 'contact', body: '<p>Write to us at hello@example.com.</p>' },
    ],
    {
      logo: { letter: 'F', colour: '#b3261e' },
      comments: [
        { author: 'Maya', body: 'Lovely walk. Is the chapel open to visitors?' },
        { author: 'Ali', body: 'Only on Sundays, Maya, from ten until noon.' },
      ],
    },
  );
}

export async function makeShowcaseUrdu(services: Services): Promise<ShowcaseBlog> {
  const blog = await makeBlog(services, {
    name: 'safar',
    title: 'سفرنامہ',
    description: 'سفر، کھانے اور یادوں کی کہانیاں',
    language: 'ur',
    timeZone: 'Asia/Karachi',
  });
  return fill(
    services,
    blog,
    URDU,
    [
      { title: 'ہمارے بارے میں', slug: 'about', body: `<p>${LOREM_UR[0]}</p>` },
      { title: 'رابطہ', slug: 'contact', body: `<p>${LOREM_UR[3]}</p>` },
    ],
    {
      header: true,
      comments: [
        { author: 'عائشہ', body: 'بہت خوبصورت تحریر! کیا آپ نے داتا دربار بھی دیکھا؟' },
        { author: 'علی', body: 'جی ہاں، اگلی پوسٹ میں اس کا ذکر ہوگا۔' },
      ],
    },
  );
}

export async function makeShowcaseArabic(services: Services): Promise<ShowcaseBlog> {
  const blog = await makeBlog(services, {
    name: 'rihla',
    title: 'رحلة',
    description: 'حكايات السفر والطعام والذكريات',
    language: 'ar',
    timeZone: 'Asia/Amman',
  });
  return fill(
    services,
    blog,
    ARABIC,
    [
      { title: 'من نحن', slug: 'about', body: `<p>${LOREM_AR[0]}</p>` },
      { title: 'اتصل بنا', slug: 'contact', body: `<p>${LOREM_AR[3]}</p>` },
    ],
    {
      logo: { letter: 'ر', colour: '#047857' },
      comments: [
        { author: 'سارة', body: 'كتابة جميلة! هل زرتم السوق القديم؟' },
        { author: 'عمر', body: 'نعم، سنكتب عنه في التدوينة القادمة.' },
      ],
    },
  );
}
