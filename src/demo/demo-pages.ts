/** The demo blog's static pages (`/p/about.html`, `/p/colophon.html`). Original prose for this project. */
import type { DemoPage } from './demo-types.js';

export const DEMO_PAGES: DemoPage[] = [
  {
    title: 'About',
    slug: 'about',
    body: `**Dastan Demo** is a sample blog that comes with Dastan, the self-hosted, multi-blog publishing platform. Everything here, from the posts to the comments and the page views, was written by \`dastan demo\` a moment ago, so you can see how a lived-in blog looks before you write your own.

The posts double as a tour: each one explains a part of the platform and shows it at work. The author, Samira Qadir, and the commenters are invented; the features are real.

To start again from scratch, run \`npm run demo -- --reset\`. To start a blog of your own beside this one:

~~~sh
npx dastan blog create travel --title "Travel notes"
~~~

It answers at \`travel.localhost\` on the same port.`,
  },
  {
    title: 'Colophon',
    slug: 'colophon',
    body: `This blog is served by Dastan: [Fastify](https://fastify.dev/) for HTTP, [Kysely](https://kysely.dev/) over SQLite or PostgreSQL for storage, [LiquidJS](https://liquidjs.com/) for the theme, markdown-it for Markdown, and sanitize-html to keep every body safe.

- **Type:** the theme uses your device's own fonts, so nothing is downloaded before the text appears.
- **Layout:** one column on a phone, a sidebar beside the posts on a wider screen, mirrored for right-to-left languages.
- **Colour:** light or dark, following your device's setting.
- **Scripts:** none needed. Every page works with JavaScript turned off.
- **Access:** a skip link, one \`<h1>\` per page, labelled landmarks and a visible focus ring.

Set in plain HTML and CSS, written in Markdown, counted by nobody but the server.`,
  },
];
