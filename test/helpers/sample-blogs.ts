/**
 * Two blogs as a reader meets them, for the browser tests: an English one and an Urdu (right-to-left)
 * one, each with labelled posts long enough for snippets to be cut, threaded comments, and counted
 * page views so the popular-posts gadget has entries.
 */
import type { Services } from '../../src/services.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { makeBlog, makePost } from './factories.js';

export interface SampleBlog {
  blog: BlogRow;
  posts: PostRow[];
  /** The post with the comment thread, most viewed. */
  featured: PostRow;
  /** A label of the featured post. */
  label: string;
  /** A word that search finds. */
  searchWord: string;
  /** The comments on the featured post: a comment, its reply, and the reply's reply. */
  thread: string[];
}

const DAY = 86_400_000;

const ENGLISH = [
  {
    title: 'Walking the old river path',
    labels: ['Travel', 'Rivers'],
    body: `<p>The river path starts behind the old mill, where the water runs fast and brown after a night of rain.
We followed it for three hours, past orchards and a ruined chapel, and met no one but a heron and a man mending his fence.</p>
<p>By noon the valley opened out and the path climbed to a ridge with a view of the whole river, silver in the sun.</p>
<a name="more"></a>
<h2>What to take</h2>
<ul><li>Water, more than you think</li><li>Boots that can get wet</li><li>A map: the signs stop after the chapel</li></ul>
<p>We came back along the road as the light went, tired and happy.</p>`,
  },
  {
    title: 'Bread from the village bakery',
    labels: ['Food & drink', 'Travel'],
    body: `<p>Every morning at six the baker opens the shutters and the whole street smells of warm rye and caraway.
She bakes the same four loaves she has baked for forty years, and sells out before nine, so you learn to get up early.</p>
<p>Her secret, she says, is patience: a slow rise in a cold room, and an oven that has never quite cooled since her father lit it.</p>`,
  },
  {
    title: 'A short note',
    labels: ['Notes'],
    body: '<p>Back next week with photographs of the river.</p>',
  },
  {
    title: 'Mapping the footpaths of the valley',
    labels: ['Rivers', 'Maps'],
    body: `<p>Old maps of the valley show footpaths that no longer exist on the ground, and new paths that no map has caught up with.
Over the summer we walked every one of them with a notebook, marking stiles, fords and the places where the path simply gives up.</p>
<p>The result is a map you can print on one sheet, with the river at its heart and every crossing marked.</p>`,
  },
];

const URDU = [
  {
    title: 'لاہور کی پرانی گلیاں',
    labels: ['سفر', 'لاہور'],
    body: `<p>لاہور کی پرانی گلیوں میں چلتے ہوئے ہر موڑ پر ایک نئی کہانی ملتی ہے۔ یہاں کی دیواریں صدیوں کی باتیں سناتی ہیں، اور دکانوں سے آتی خوشبو دل کو اپنی طرف کھینچتی ہے۔
صبح سویرے جب سورج کی پہلی کرنیں بادشاہی مسجد کے گنبدوں پر پڑتی ہیں تو پورا شہر جاگ اٹھتا ہے۔</p>
<p>دوپہر کو ہم نے انارکلی بازار میں کھانا کھایا اور شام کو شالامار باغ کی سیر کی، جہاں فوارے اب بھی اسی طرح چلتے ہیں جیسے مغلوں کے زمانے میں چلتے تھے۔</p>`,
  },
  {
    title: 'بارش کے موسم میں چائے',
    labels: ['کھانا', 'موسم'],
    body: `<p>جب ساون کی پہلی بارش ہوتی ہے تو ہر گھر میں چائے کی کیتلی چولہے پر چڑھ جاتی ہے۔ امی پکوڑے تلتی ہیں اور ہم سب برآمدے میں بیٹھ کر بارش کی آواز سنتے ہیں۔
یہ وہ لمحے ہیں جو برسوں بعد بھی یاد آتے ہیں، اور جن کی خوشبو کبھی نہیں جاتی۔</p>`,
  },
  {
    title: 'پہاڑوں کا سفر',
    labels: ['سفر'],
    body: `<p>ہنزہ کی وادی میں پہنچ کر ایسا لگا جیسے وقت رک گیا ہو۔ برف سے ڈھکے پہاڑ، خوبانی کے باغ اور صاف نیلا آسمان، ہر منظر ایک تصویر کی طرح تھا۔
ہم نے التت قلعہ دیکھا اور شام کو دریا کے کنارے بیٹھ کر ستارے گنے۔</p>`,
  },
];

async function fill(
  services: Services,
  blog: BlogRow,
  posts: typeof ENGLISH,
  comments: { author: string; body: string }[],
  searchWord: string,
): Promise<SampleBlog> {
  const start = Date.parse('2026-10-02T09:00:00Z');
  const rows: PostRow[] = [];
  for (const [i, p] of posts.entries()) {
    rows.push(await makePost(services, blog, { ...p, publishedAt: start + i * 9 * DAY, authorName: i % 2 ? 'Sana' : 'Ali' }));
  }
  const featured = rows[0]!;
  const thread: string[] = [];
  let parentId: string | null = null;
  for (const [i, c] of comments.entries()) {
    const row = await services.comments.addComment({
      blogId: blog.id,
      postId: featured.id,
      parentId,
      authorName: c.author,
      body: c.body,
      createdAt: featured.published_at! + DAY + i * 3_600_000,
    });
    thread.push(row.id);
    parentId = row.id;
  }
  // Views: the featured post most, then the others in order; the short note the fewest.
  rows.forEach((post, i) => {
    for (let n = 0; n < 10 - i * 2; n++) services.viewCounter.record(blog.id, post.id);
  });
  await services.viewCounter.flush();
  return { blog, posts: rows, featured, label: posts[0]!.labels[0]!, searchWord, thread };
}

/** The English blog `notes`. */
export async function makeEnglishBlog(services: Services): Promise<SampleBlog> {
  const blog = await makeBlog(services, { name: 'notes', title: 'Valley notes', description: 'Walks, bread and rivers, written down.' });
  return fill(
    services,
    blog,
    ENGLISH,
    [
      { author: 'Maya', body: '<p>Lovely walk. Is the chapel open to visitors?</p>' },
      { author: 'Ali', body: '<p>Only on Sundays, Maya, from ten until noon.</p>' },
      { author: 'Maya', body: '<p>Thank you! We will go next <em>Sunday</em>.</p>' },
    ],
    'river',
  );
}

/** The Urdu blog `safarnama`, written right to left. */
export async function makeUrduBlog(services: Services): Promise<SampleBlog> {
  const blog = await makeBlog(services, {
    name: 'safarnama',
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
      { author: 'عائشہ', body: '<p>بہت خوبصورت تحریر! کیا آپ نے داتا دربار بھی دیکھا؟</p>' },
      { author: 'علی', body: '<p>جی ہاں، اگلی پوسٹ میں اس کا ذکر ہوگا۔</p>' },
      { author: 'عائشہ', body: '<p>انتظار رہے گا، شکریہ!</p>' },
    ],
    'لاہور',
  );
}
