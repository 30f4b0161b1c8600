/**
 * The demo blog's posts: a tour of Dastan written as a lived-in blog. Original prose for
 * this project; the author and the commenters are invented. Markdown, newest post last.
 */
import { DEMO_AUTHOR as AUTHOR, type DemoPost } from './demo-types.js';
import { LATER_DEMO_POSTS } from './demo-posts-later.js';

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
  ...LATER_DEMO_POSTS,
];
