/**
 * Small exports written for the tests, for what the real files in ../shared/testdata do not have:
 * pending and spam comments, replies listed before the comment they answer, comments before their
 * post, scheduled posts, closed comments, an author who is a member. The test clock stands at
 * 2026-11-20, so 2027 is the future.
 */

/** A WordPress export with threads, every approval status, a scheduled post and closed comments. */
export const STATUS_WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Threads and status</title>
  <link>https://wp.example/blog</link>
  <description>A made-up WordPress blog</description>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://wp.example/blog</wp:base_site_url>
  <wp:base_blog_url>https://wp.example/blog</wp:base_blog_url>
  <wp:author><wp:author_login>ana</wp:author_login><wp:author_email>ana@example.com</wp:author_email><wp:author_display_name><![CDATA[Ana Lima]]></wp:author_display_name></wp:author>
  <wp:author><wp:author_login>guest</wp:author_login><wp:author_email>guest@example.com</wp:author_email><wp:author_display_name><![CDATA[A Guest]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>travel</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Travel]]></wp:cat_name></wp:category>
  <item>
    <title>Talk of the town</title>
    <link>https://wp.example/blog/2019/05/talk-of-the-town/</link>
    <dc:creator><![CDATA[ana]]></dc:creator>
    <guid isPermaLink="false">https://wp.example/blog/?p=10</guid>
    <content:encoded><![CDATA[First line
second line

A new paragraph & more.]]></content:encoded>
    <excerpt:encoded><![CDATA[What the town says.]]></excerpt:encoded>
    <wp:post_id>10</wp:post_id>
    <wp:post_date>2019-05-04 10:00:00</wp:post_date>
    <wp:post_date_gmt>2019-05-04 08:00:00</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>talk-of-the-town</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="travel"><![CDATA[Travel]]></category>
    <category domain="post_tag" nicename="town-talk"><![CDATA[Town talk]]></category>
    <wp:comment>
      <wp:comment_id>103</wp:comment_id>
      <wp:comment_author><![CDATA[Late reply]]></wp:comment_author>
      <wp:comment_date_gmt>2019-05-06 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[I answer the second comment, but I am listed first.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>102</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author><![CDATA[First reader]]></wp:comment_author>
      <wp:comment_author_email>first@example.com</wp:comment_author_email>
      <wp:comment_author_url>https://first.example/</wp:comment_author_url>
      <wp:comment_date_gmt>2019-05-04 12:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Approved and on top.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>102</wp:comment_id>
      <wp:comment_author><![CDATA[Second reader]]></wp:comment_author>
      <wp:comment_date_gmt>2019-05-05 12:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[A reply still waiting for moderation.]]></wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>101</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>104</wp:comment_id>
      <wp:comment_author><![CDATA[Spammer]]></wp:comment_author>
      <wp:comment_date_gmt>2019-05-07 12:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Cheap watches.]]></wp:comment_content>
      <wp:comment_approved>spam</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>105</wp:comment_id>
      <wp:comment_author><![CDATA[Binned]]></wp:comment_author>
      <wp:comment_date_gmt>2019-05-07 13:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[In the trash.]]></wp:comment_content>
      <wp:comment_approved>trash</wp:comment_approved>
      <wp:comment_type></wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>Coming soon</title>
    <link>https://wp.example/blog/?p=11</link>
    <dc:creator><![CDATA[guest]]></dc:creator>
    <content:encoded><![CDATA[<p>Written ahead.</p>]]></content:encoded>
    <wp:post_id>11</wp:post_id>
    <wp:post_date_gmt>2027-01-15 09:30:00</wp:post_date_gmt>
    <wp:comment_status>closed</wp:comment_status>
    <wp:post_name>coming-soon</wp:post_name>
    <wp:status>future</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>About us</title>
    <link>https://wp.example/blog/about/</link>
    <dc:creator><![CDATA[ana]]></dc:creator>
    <content:encoded><![CDATA[<p>Who we are.</p>]]></content:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date_gmt>2018-01-01 00:00:00</wp:post_date_gmt>
    <wp:comment_status>closed</wp:comment_status>
    <wp:post_name>about</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>page</wp:post_type>
  </item>
</channel>
</rss>
`;

/** A Blogger backup in the 2018 format with its comments before their posts, every status, threads. */
export const STATUS_BLOGGER_2018 = `<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
  <id>tag:blogger.com,1999:blog-555</id>
  <title>Modern blog</title>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-9003</id>
    <blogger:parent>tag:blogger.com,1999:blog-555.post-1001</blogger:parent>
    <blogger:inReplyTo>tag:blogger.com,1999:blog-555.post-9001</blogger:inReplyTo>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Replier</name><uri>https://replier.example/</uri></author>
    <content type='html'>A reply, listed before everything it answers.</content>
    <published>2020-03-03T10:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-9001</id>
    <blogger:parent>tag:blogger.com,1999:blog-555.post-1001</blogger:parent>
    <blogger:inReplyTo/>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Reader</name></author>
    <content type='html'>&lt;b&gt;Bold&lt;/b&gt; first comment.</content>
    <published>2020-03-02T10:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-9002</id>
    <blogger:parent>tag:blogger.com,1999:blog-555.post-1001</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>PENDING</blogger:status>
    <author><name>Waiting</name></author>
    <content type='html'>Held for review.</content>
    <published>2020-03-02T11:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-9004</id>
    <blogger:parent>tag:blogger.com,1999:blog-555.post-1001</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>SPAM</blogger:status>
    <author><name>Spam</name></author>
    <content type='html'>Buy now.</content>
    <published>2020-03-02T12:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-1001</id>
    <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Owner</name><email>owner@example.com</email></author>
    <title>Spring notes</title>
    <content type='html'>&lt;p&gt;Spring &amp;amp; rain.&lt;/p&gt;</content>
    <blogger:metaDescription>Notes on spring.</blogger:metaDescription>
    <published>2020-03-01T09:00:00Z</published>
    <updated>2020-03-01T09:30:00.250Z</updated>
    <category scheme='tag:blogger.com,1999:blog-555' term='Seasons'/>
    <blogger:filename>/2020/02/spring-notes.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-1002</id>
    <blogger:type>POST</blogger:type><blogger:status>SCHEDULED</blogger:status>
    <author><name>Owner</name></author>
    <title>Summer plans</title>
    <content type='html'>Later.</content>
    <published>2027-06-01T09:00:00Z</published>
    <updated>2026-11-01T09:00:00Z</updated>
    <blogger:filename>/2027/06/summer-plans.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-1003</id>
    <blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status>
    <author><name>Owner</name></author>
    <title>Half written</title>
    <content type='html'>Maybe.</content>
    <updated>2026-10-01T09:00:00Z</updated>
    <blogger:filename>/2026/10/half-written-draft.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-1004</id>
    <blogger:type>POST</blogger:type><blogger:status>SOFT_TRASHED</blogger:status>
    <author><name>Owner</name></author>
    <title>Thrown away</title>
    <content type='html'>Gone.</content>
    <published>2020-01-01T09:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.page-2001</id>
    <blogger:type>PAGE</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Owner</name></author>
    <title>Contact</title>
    <content type='html'>Write to us.</content>
    <published>2019-01-01T09:00:00Z</published>
    <blogger:filename>/p/contact-us.html</blogger:filename>
  </entry>
</feed>
`;

/** A classic Blogger backup that breaks the rules in ways whose meaning is clear. */
export const SLOPPY_BLOGGER = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:blogger.com,1999:blog-777.archive</id>
  <title type="text">Fish & chips</title>
  <link rel="alternate" type="text/html" href="http://sloppy.blogspot.com/"/>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-71</id>
    <published>2012-07-01T10:00:00.000-07:00</published>
    <category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#post"/>
    <category scheme="http://www.blogger.com/atom/ns#" term="Food & drink"/>
    <title type="text">Salt&nbsp;& vinegar</title>
    <content type="html">&lt;p&gt;Crisp.&lt;/p&gt;</content>
    <link rel="alternate" type="text/html" href="http://sloppy.blogspot.com/2012/07/salt-vinegar.html?a=1&b=2"/>
    <author><name>Cook</name></author>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-72</id>
    <published>2012-07-02T10:00:00.000-07:00</published>
    <category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#comment"/>
    <content type="html">Tasty!</content>
    <author><name>Eater</name></author>
    <thr:in-reply-to ref="tag:blogger.com,1999:blog-777.post-71"/>
  </entry>
</feed>
`;
