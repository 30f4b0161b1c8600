/**
 * The figures beside each row of the dashboard's post list: views over all time (from the kept totals,
 * not summed from daily rows) and comments, published and waiting. One query each for a page of posts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface PostFigures {
  views: number;
  comments: number;
  pendingComments: number;
}

export class PostFiguresRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Figures for the blog's posts with these IDs; a post with none has zeros. */
  async figuresOf(blogId: string, postIds: readonly string[]): Promise<Map<string, PostFigures>> {
    const figures = new Map<string, PostFigures>(postIds.map((id) => [id, { views: 0, comments: 0, pendingComments: 0 }]));
    if (postIds.length === 0) return figures;
    const views = await this.db
      .selectFrom('post_view_totals')
      .select(['post_id', 'views'])
      .where('blog_id', '=', blogId)
      .where('post_id', 'in', postIds)
      .execute();
    for (const v of views) figures.get(v.post_id)!.views = Number(v.views);
    const comments = await this.db
      .selectFrom('comments')
      .select(['post_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('blog_id', '=', blogId)
      .where('post_id', 'in', postIds)
      .where('status', 'in', ['live', 'pending'])
      .groupBy(['post_id', 'status'])
      .execute();
    for (const c of comments) {
      const row = figures.get(c.post_id)!;
      if (c.status === 'live') row.comments = Number(c.n);
      else row.pendingComments = Number(c.n);
    }
    return figures;
  }
}
