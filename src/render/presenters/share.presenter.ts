/**
 * Share links under a post: plain links to each network's own share address (no scripts, no
 * counters, nothing loaded from them), the fediverse through this blog's share page (the reader names
 * their server), e-mail, and a button for the device's own share sheet (the Web Share API), which the
 * page's small script shows only where the browser has one.
 */
export interface ShareLink {
  /** A stable name for the theme's CSS and the link's label key: `facebook`, `x`, `email`, … */
  network: string;
  /** The name shown. */
  name: string;
  url: string;
}

export interface ShareView {
  /** The post's address and title, for the Web Share button's data attributes. */
  url: string;
  title: string;
  links: ShareLink[];
}

const e = encodeURIComponent;

/** The share links for a post at the absolute `url` titled `title`. */
export function presentShare(url: string, title: string): ShareView {
  const both = `${title} ${url}`;
  return {
    url,
    title,
    links: [
      { network: 'facebook', name: 'Facebook', url: `https://www.facebook.com/sharer/sharer.php?u=${e(url)}` },
      { network: 'x', name: 'X', url: `https://x.com/intent/post?url=${e(url)}&text=${e(title)}` },
      { network: 'whatsapp', name: 'WhatsApp', url: `https://wa.me/?text=${e(both)}` },
      { network: 'telegram', name: 'Telegram', url: `https://t.me/share/url?url=${e(url)}&text=${e(title)}` },
      { network: 'linkedin', name: 'LinkedIn', url: `https://www.linkedin.com/sharing/share-offsite/?url=${e(url)}` },
      { network: 'reddit', name: 'Reddit', url: `https://www.reddit.com/submit?url=${e(url)}&title=${e(title)}` },
      { network: 'fediverse', name: 'Mastodon', url: `/share?url=${e(url)}&title=${e(title)}` },
      { network: 'email', name: 'E-mail', url: `mailto:?subject=${e(title)}&body=${e(url)}` },
    ],
  };
}
