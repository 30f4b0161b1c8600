/**
 * The demo blog's posts: a tour of Dastan written as a lived-in blog. Original prose for
 * this project; the author and the commenters are invented. Markdown, newest post last.
 */
import type { DemoPost } from './demo-types.js';

const AUTHOR = 'Samira Qadir';

export const DEMO_POSTS: DemoPost[] = [
  {
    title: 'Why build another blog platform?',
    daysAgo: 236,
    labels: ['tour', 'self-hosting', 'notes'],
    views: { perDay: 30, shape: 'fading' },
    body: `Every few years someone declares the blog dead, and every few years the people who kept writing one turn out to own the most durable corner of the web. Their posts still load. Their links still point somewhere. Their archives read like the diary of a field, a city or a family.

Dastan is our attempt to make that kind of writing easy to keep. It is what Blogger is as a service, packaged as software you run yourself: one program that hosts many blogs, each at its own address, each with its own authors, labels, comments and readers.

## What we wanted

- **One command to start.** A single process and an [SQLite](https://www.sqlite.org/) file on one machine. No container orchestra, no separate search server, no queue to babysit.
- **Room to grow.** The same code runs several app nodes in front of [PostgreSQL](https://www.postgresql.org/) when one machine is no longer enough, without a migration project.
- **Links that never break.** Blogger's URL scheme, so a blog moved here keeps every permalink it ever published.
- **Pages that work without JavaScript.** Reading, searching, browsing labels and the archive are plain HTML.<a name="more"></a>

## What we left out

We did not build a page builder, a newsletter engine or an analytics suite. The popular-posts gadget counts page views because readers find it useful; that is as far as the counting goes.

## Why now

Hosted platforms come and go, and each closure strands a few million posts. A blog you host yourself is only as safe as the software under it, so that software has to be boring in the best sense: few moving parts, a database you can copy, and an export that another tool can read.

> A blog is a promise to the people who link to it: this address will still be here next year.

That promise is the whole design brief. The rest of this blog walks through how Dastan tries to keep it. Start with [your first hour](/search/label/tour), or browse the labels in the sidebar.`,
    comments: [
      {
        author: 'Ole Brandt',
        hoursAfter: 30,
        body: '<p>The bit about exports hits home. I lost ten years of posts when a free host shut down, and the "export" they offered was a zip of screenshots. <em>Screenshots.</em></p>',
        replies: [
          {
            author: AUTHOR,
            hoursAfter: 4,
            body: "<p>That is the story we hear most often. Dastan exports in Blogger's own format, so whatever you move to next can read it.</p>",
            replies: [{ author: 'Ole Brandt', hoursAfter: 2, body: '<p>Good. Then I will trust it with the next ten.</p>' }],
          },
        ],
      },
      {
        author: 'Ines Moreau',
        hoursAfter: 50,
        body: '<p>Is there a plan for a hosted version, or is running it yourself the point?</p>',
        replies: [
          {
            author: AUTHOR,
            hoursAfter: 3,
            body: '<p>Running it yourself is the point, but nothing stops you from running it for your friends too. One process serves as many blogs as you like.</p>',
          },
        ],
      },
    ],
  },
  {
    title: 'What “dastan” means',
    daysAgo: 222,
    labels: ['notes', 'languages'],
    views: { perDay: 5, shape: 'steady' },
    body: `A *dastan* is a long tale. The word came into Urdu from Persian, and it names the sprawling adventure stories that storytellers once performed aloud for hours on end, sometimes over many nights. The teller is a *dastango*. The art went quiet for most of the last century and has found its way back onto the stage in recent years.

We liked the name because a blog is a dastan too: an unfinished story, told in episodes, to whoever keeps coming back for the next one. The name is also a reminder that the platform must serve writers whose stories run from right to left.

> Every post is an episode; the archive is the whole tale.`,
  },
  {
    title: 'Every old link still works',
    daysAgo: 203,
    labels: ['moving house', 'under the hood'],
    views: { perDay: 22, shape: 'steady' },
    body: `When you move a blog, the posts are the easy part. The hard part is the thousands of links other people made to it over the years: from forums, old emails, search engines and each other. Break those and the blog loses its memory.

So Dastan answers at exactly the addresses Blogger uses:

| Address | What it shows |
|---|---|
| \`/2026/03/a-post.html\` | a post, by year, month and slug |
| \`/p/about.html\` | a static page |
| \`/search/label/travel\` | the posts with a label |
| \`/search?q=bread\` | search results |
| \`/2026/\` and \`/2026/03/\` | the archive |
| \`/feeds/posts/default\` | the Atom feed |

## Slugs are kept, not recomputed

An imported post keeps its slug and its year and month, even when its title has changed since or a slug made today would differ. When two posts of the same month want the same slug, the second one gets a number:

~~~text
/2026/03/hello-world.html
/2026/03/hello-world-2.html
~~~

## Hosts

Each blog answers at its own host name, \`NAME.example.com\`, and at any custom domain its owner adds. A host that is not one of ours gets a plain "not found" page, never another blog's content. On a running server, try:

~~~sh
curl -H 'Host: demo.localhost' http://127.0.0.1:3000/
~~~`,
  },
  {
    title: 'Start with one file',
    daysAgo: 185,
    labels: ['self-hosting', 'under the hood'],
    views: { perDay: 26, shape: 'steady' },
    body: `The smallest Dastan install is one process and one file:

~~~sh
npm install
npm start
# serves http://localhost:3000, database at ./data/dastan.db
~~~

SQLite runs inside the process in WAL mode, so readers never wait for a writer, and a post you saved survives the machine losing power a moment later. A backup is a copy of a file; SQLite's own \`.backup\` command makes a consistent one while the server keeps running.

## When one machine is not enough

Point \`DATABASE_URL\` at PostgreSQL and start as many app nodes as you like behind a load balancer:

~~~sh
DATABASE_URL=postgres://dastan@db.internal/dastan npm start
~~~

Nothing else changes. The schema is the same, the queries are the same, and full-text search moves from SQLite's FTS5 to PostgreSQL's \`tsvector\` behind one interface. The app nodes keep nothing that matters: their page caches and view counters can be thrown away at any moment.

Most blogs will never need the second set-up. That is rather the point.`,
    comments: [
      {
        author: 'Kwame Asante',
        hoursAfter: 20,
        body: '<p>How big can the SQLite file get before this becomes a problem? I have about 4,000 posts and 30,000 comments.</p>',
        replies: [
          {
            author: AUTHOR,
            hoursAfter: 6,
            body: '<p>That is small for SQLite: a few hundred megabytes at most. The limits you will meet first are your disk and your backups, not the database.</p>',
            replies: [{ author: 'Kwame Asante', hoursAfter: 3, body: '<p>Reassuring, thank you. Trying it this weekend.</p>' }],
          },
        ],
      },
    ],
  },
  {
    title: 'A short note on time zones',
    daysAgo: 170,
    labels: ['notes', 'languages'],
    views: { perDay: 3, shape: 'steady' },
    body: 'Every blog has its own time zone. A post published at 23:30 in Karachi belongs to that day, and that month, in its permalink.',
  },
  {
    title: 'Markdown in, clean HTML out',
    daysAgo: 152,
    labels: ['writing', 'tour'],
    views: { perDay: 10, shape: 'steady' },
    body: `Write in whichever form you like. From the command line, a file ending in \`.md\` is read as Markdown and anything else as HTML:

~~~sh
npx dastan post create --blog demo --title "Hello" --body-file hello.md --labels "notes,writing"
~~~

Either way, what is stored is HTML that has been through an allow-list. Paragraphs, headings, lists, quotes, code, tables, links and images survive; scripts, event handlers, \`javascript:\` links, styles and forms do not. The sanitizer is the only code allowed to mark HTML as safe, and a template that prints anything else gets it escaped.

A few things worth knowing:

1. The post's title is the page's one \`<h1>\`, so headings inside the body start at \`<h2>\`. An \`<h1>\` you write becomes an \`<h2>\`.
2. Blogger's jump break, \`<a name="more"></a>\`, works: the home page shows the part above it and a "Read more" link.
3. A plain-text copy is kept beside the HTML, for search, snippets and feed summaries.`,
  },
  {
    title: 'Labels, not folders',
    daysAgo: 133,
    labels: ['writing', 'readers'],
    views: { perDay: 9, shape: 'steady' },
    body: `A post lives in one month but can carry many labels. That is the whole difference between labels and folders, and it is why Blogger chose them.

Labels on Dastan work the way long-time Blogger readers expect:

- \`/search/label/writing\` lists the posts labelled *writing*, newest first, with "Older posts" at the bottom.
- \`/search/label/writing+readers\` lists the posts that carry **both** labels.
- Every label has its own feed, such as \`/feeds/posts/default/-/writing\`.
- The sidebar shows each label with the number of posts that carry it.

A good label is one a reader would click. "Misc" rarely is. Four or five labels used often serve a blog better than forty used once.`,
  },
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
