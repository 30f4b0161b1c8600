/**
 * The demo blog's later posts (continuing demo-posts.ts, newest last): right-to-left writing, comments,
 * views, themes, speed, feeds and the rest of the tour. Original prose; the people are invented.
 */
import { DEMO_AUTHOR as AUTHOR, type DemoPost } from './demo-types.js';

export const LATER_DEMO_POSTS: DemoPost[] = [
  {
    title: 'Right to left, from the first line',
    daysAgo: 118,
    labels: ['languages', 'readers'],
    views: { perDay: 14, shape: 'rising' },
    body: `Urdu, Arabic, Persian and Hebrew are not a setting to bolt on later. When a blog's language is one of them, the whole page is laid out right to left: the \`<html>\` element carries \`dir="rtl"\`, the sidebar moves to the other side, lists and quotes indent from the right, and dates are written in the blog's language and time zone.

Mixed text is the harder part. A post in English on an Urdu blog, or a popular-post snippet in Urdu on an English one, gets its own direction, so neither runs backwards inside the other. Numbers, code and addresses stay left to right wherever they appear.

This demo comes with a second, small blog in Urdu so you can see all of this for yourself. The demo command prints its address; it is \`urdu.localhost\` on the port your server uses.

## What to look for

- Headings, labels, comments and the archive read from the right.
- Snippets are cut at a word boundary and end with "…" on the correct side.
- Search finds Urdu words as readily as English ones.`,
    comments: [
      {
        author: 'Tariq Mahmood',
        hoursAfter: 12,
        body: '<p>Thank you for doing this properly. Most platforms flip the text and forget the punctuation.</p>',
        replies: [
          {
            author: 'Mei Lin',
            hoursAfter: 9,
            body: '<p>Does the comment section switch direction as well? Half of my readers write in Persian.</p>',
            replies: [
              {
                author: AUTHOR,
                hoursAfter: 5,
                body: "<p>It follows the blog's language, and a comment written in the other direction keeps its own. Have a look at the comments on the Urdu blog.</p>",
                replies: [
                  { author: 'Tariq Mahmood', hoursAfter: 2, body: '<p>Just did. It works, English words in the middle included.</p>' },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
  {
    title: 'Comments that hold a conversation',
    daysAgo: 97,
    labels: ['readers'],
    views: { perDay: 12, shape: 'steady' },
    body: `Comments on a blog are a conversation between strangers who care about the same thing, and the software should stay out of its way. Dastan threads replies under the comment they answer, up to three levels deep. A reply to a reply to a reply carries on at the third level, right after the comment it answers, so a long back-and-forth never shrinks into a narrow column on a phone.

Every comment has its own permalink (the date beside the name), so you can point someone to exactly the remark you mean. The comment feed at \`/feeds/comments/default\` lets an author follow every new comment in a feed reader.

Owners choose per post whether readers may comment, whether old comments stay visible once commenting is closed, or whether the section is hidden altogether. Comment HTML passes a much stricter allow-list than posts: paragraphs, emphasis, quotes, code and links, and every link gets \`rel="nofollow ugc"\`.

There is a thread below, so you can see how it looks.`,
    comments: [
      {
        author: 'Lucía Ferrer',
        hoursAfter: 3,
        body: '<p>First! Sorry, I had to.</p>',
        replies: [
          {
            author: 'Ole Brandt',
            hoursAfter: 1,
            body: '<p>Some traditions must be kept alive.</p>',
            replies: [
              {
                author: 'Lucía Ferrer',
                hoursAfter: 1,
                body: '<p>Exactly. Like permalinks.</p>',
                replies: [{ author: 'Ole Brandt', hoursAfter: 2, body: '<p>Touché.</p>' }],
              },
            ],
          },
        ],
      },
      {
        author: 'Farhan Siddiqui',
        authorUrl: 'https://example.org/farhan',
        hoursAfter: 26,
        body: '<p>A question about moderation: can I hold comments from first-time commenters until I approve them?</p>',
        replies: [
          {
            author: AUTHOR,
            hoursAfter: 4,
            body: "<p>Every comment has a status (pending, live or spam), and the readers' comment form arrives together with a moderation queue. The demo writes its comments straight in as live.</p>",
          },
        ],
      },
      {
        author: 'Ines Moreau',
        hoursAfter: 40,
        body: '<p>I like that nesting stops at three levels. Deep threads are unreadable on my phone.</p>',
      },
    ],
  },
  {
    title: 'What counts as a view',
    daysAgo: 79,
    labels: ['under the hood', 'readers'],
    views: { perDay: 18, shape: 'steady' },
    body: `"Popular posts from this blog" is only as honest as the counting behind it. Dastan counts a view when:

- a person's browser asks for a post or a page with a GET request,
- the request does not come from a known crawler, uptime monitor or link-preview bot, and
- it is not a prefetch or a prerender that a browser made on a hunch.

Views are added up in memory and written to the database in one small batch every couple of seconds, per post and per day. Serving the page never waits for that write, and a page served from the cache still counts. Nothing about the reader is stored: no address, no cookie, no fingerprint, just "one more view of this post today".

The owner picks the window the gadget ranks by: the last 7 days, the last 30 days or all time. On this demo blog the three give different answers, because some posts had their moment months ago and others are brand new.`,
  },
  {
    title: 'Themes you can edit without fear',
    daysAgo: 63,
    labels: ['writing', 'under the hood'],
    views: { perDay: 8, shape: 'steady' },
    body: `Dastan's themes are written in Liquid, the template language Shopify made so that many shops could edit their own templates on shared servers. It suits a multi-blog platform for the same reason: a theme can show anything it is given, but cannot reach anything it is not.

The title and labels of a post look like this in a theme:

~~~liquid
<h1 class="post-title">{{ post.title }}</h1>
{% for label in post.labels %}
  <a href="{{ label.url }}" rel="tag">{{ label.name }}</a>
{% endfor %}
~~~

Every value is escaped on its way out unless it is HTML that went through the sanitizer, and the usual \`raw\` filter cannot switch that off. Templates see only plain data prepared for them, run under a time limit, and cannot include files from outside their theme's folder. A blog owner who breaks their theme breaks their own layout and nothing else.`,
  },
  {
    title: 'Speed is measured, not assumed',
    daysAgo: 46,
    labels: ['speed', 'under the hood'],
    views: { perDay: 10, shape: 'burst', burstDaysAgo: 41 },
    body: `It is easy to call software fast. It is more useful to say how fast, on what, compared with what, and to let anyone repeat the measurement. So Dastan ships its benchmark as a program: \`npm run bench\` builds a blog of a thousand posts, starts the real server, loads it, and prints what it saw.

## What it measures

- **The post page and the home page**, rendered afresh for every request, and then served from the page cache.
- **A baseline**: a bare Node.js HTTP server sending the very same bytes, measured in the same run on the same machine. Numbers from different machines mean little; a ratio against a baseline on the same one means a lot.
- **Memory at rest**, and **the time from start to the first page**.<a name="more"></a>

## What we aim for

1. A cached post page at no less than half the baseline's throughput.
2. An uncached post page at 25 times what Ghost 5 manages on the same two cores. Ghost serves about 86 post pages a second there, so the target is 2,000.
3. At most 60 MB of memory when idle, and the first page within half a second of starting.

> If a number is not printed by a program anyone can run, it is a hope, not a measurement.

## Where the time goes

Most of a page's cost is not the database. A post page runs a handful of indexed queries, each well under a millisecond on SQLite. The rest is building the page: preparing the view, running the template, escaping every value. That is why the sidebar's slow-changing parts are kept between requests, and why a whole page may be kept for a short while. A blog's pages only change when its content does, and every change moves the blog's version, so a stale page is never served.

~~~sh
BENCH_SECONDS=10 npm run bench
~~~

The numbers it prints on your machine are the ones that count.`,
  },
  {
    title: 'Feeds for people who still read feeds',
    daysAgo: 31,
    labels: ['readers', 'notes'],
    views: { perDay: 7, shape: 'steady' },
    body: `Feed readers never went away; they just stopped being fashionable. Every Dastan blog publishes its posts as Atom at \`/feeds/posts/default\`, as RSS 2.0 with \`?alt=rss\`, and as a JSON Feed at \`/feed.json\`. Each label has a feed of its own, and comments have two: one for the whole blog and one for each post.

The addresses are Blogger's, so a reader who subscribed to a blog years ago keeps receiving its posts after it moves here. If you use a feed reader, add this blog to it; if you don't, [NetNewsWire](https://netnewswire.com/) and [Miniflux](https://miniflux.app/) are good places to start.`,
  },
  {
    title: 'Moving a blog in and out',
    daysAgo: 18,
    labels: ['moving house', 'self-hosting'],
    views: { perDay: 30, shape: 'rising' },
    body: `A blog should be able to leave as easily as it arrived. Dastan reads the Blogger export format, the XML file you get from Blogger under *Settings → Back up content*, so moving in is one command:

~~~sh
npx dastan import blog-export.xml --blog travel
~~~

and \`dastan export --blog travel\` writes it back out when you want to leave.

## What comes along

- Posts and pages, with their original permalinks, publish dates and authors' names.
- Labels, drafts and scheduled posts.
- Comments, with their threads and dates.

Each entry keeps its Blogger ID, so comment threads and links that refer to it stay whole.

## How it copes with big blogs

An export of ten years of writing can run to hundreds of megabytes. The importer reads the file as a stream, one entry at a time, so its memory stays flat however large the file is, and it shows a progress bar while it works.

## Before you switch your domain

1. Import into a new blog and browse it at its \`NAME.localhost\` address.
2. Open a few old links from your search console or your server's logs; each should lead to the same post.
3. Add your custom domain to the blog, then point DNS at the new server.`,
  },
  {
    title: 'Your first hour with Dastan',
    daysAgo: 3,
    labels: ['tour', 'self-hosting'],
    views: { perDay: 130, shape: 'steady' },
    body: `So you have just run \`npm run demo\`. Here is what to look at, in roughly the order a new reader would find it.

1. **The home page** shows the newest posts, seven to a page, with "Older posts" at the bottom. Long posts stop at their jump break with a "Read more" link.
2. **A post page** has one title, the date and author, its labels, the body, and the comments with their replies. Press Tab once: the first thing you reach is "Skip to main content".
3. **The sidebar** starts with "Popular posts from this blog", ranked by real views over the last 30 days. Below it: the labels with their counts, the archive by year and month, and search.
4. **Search** for a word such as *sqlite* or *thread*, and browse a label such as [under the hood](/search/label/under%20the%20hood).
5. **The Urdu blog** at \`urdu.localhost\` shows the same pages laid out right to left.
6. **The feeds** at \`/feeds/posts/default\` and \`/feed.json\` carry the same posts to feed readers.

When you are done, \`npm run demo -- --reset\` puts everything back the way it was.`,
    comments: [
      {
        author: 'Mei Lin',
        hoursAfter: 5,
        body: '<p>Step 2 is a nice touch. I had never noticed skip links before, and now I look for them everywhere.</p>',
      },
    ],
  },
];
