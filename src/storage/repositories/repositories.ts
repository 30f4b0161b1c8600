/**
 * Every repository over one database, built together: services.ts hands them to the domain services,
 * and tests read and seed through them. Only the composition root and tests hold this object.
 */
import type { Storage } from '../database.js';
import { BlogRepository } from './blog.repository.js';
import { CommentQueueRepository } from './comment-queue.repository.js';
import { CommentSettingsRepository } from './comment-settings.repository.js';
import { CommentRepository } from './comment.repository.js';
import { ImportJobRepository } from './import-job.repository.js';
import { LabelRepository } from './label.repository.js';
import { PlatformRepository } from './platform.repository.js';
import { PostAdminRepository } from './post-admin.repository.js';
import { PostFiguresRepository } from './post-figures.repository.js';
import { PostNavigationRepository } from './post-navigation.repository.js';
import { PostRepository } from './post.repository.js';
import { RedirectRepository } from './redirect.repository.js';
import { RevisionRepository } from './revision.repository.js';
import { SearchRepository } from './search.repository.js';
import { SessionRepository } from './session.repository.js';
import { SpamRepository } from './spam.repository.js';
import { SpentTokenRepository } from './spent-token.repository.js';
import { ThemeRepository } from './theme.repository.js';
import { ThrottleRepository } from './throttle.repository.js';
import { TokenRepository } from './token.repository.js';
import { UserRepository } from './user.repository.js';
import { ViewRollupRepository } from './view-rollup.repository.js';
import { ViewStatsRepository } from './view-stats.repository.js';
import { ViewRepository } from './view.repository.js';

export function createRepositories(storage: Storage) {
  return {
    blogs: new BlogRepository(storage.db),
    posts: new PostRepository(storage.db),
    labels: new LabelRepository(storage.db),
    comments: new CommentRepository(storage.db),
    users: new UserRepository(storage.db),
    views: new ViewRepository(storage.db),
    sessions: new SessionRepository(storage.db),
    tokens: new TokenRepository(storage.db),
    throttle: new ThrottleRepository(storage.db),
    platform: new PlatformRepository(storage.db),
    postAdmin: new PostAdminRepository(storage.db),
    revisions: new RevisionRepository(storage.db),
    redirects: new RedirectRepository(storage.db),
    themes: new ThemeRepository(storage.db),
    commentSettings: new CommentSettingsRepository(storage.db),
    commentQueue: new CommentQueueRepository(storage.db),
    spentTokens: new SpentTokenRepository(storage.db),
    spam: new SpamRepository(storage.db),
    viewStats: new ViewStatsRepository(storage.db),
    viewRollups: new ViewRollupRepository(storage.db),
    importJobs: new ImportJobRepository(storage.db),
    postFigures: new PostFiguresRepository(storage.db),
    searches: new SearchRepository(storage),
    postNavigation: new PostNavigationRepository(storage.db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
