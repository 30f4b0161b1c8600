/**
 * Applies the settings a Dastan JSON export carries to the blog it is imported into, by the same rules
 * as the dashboard's forms: language, time zone and search description; the blog's options (posts a
 * page, the popular-posts gadget, labels, robots, embed providers, the view beacon); its comment
 * settings; its theme, colours, fonts and own copies of the theme's files (templates must compile).
 * Each part is applied as the dashboard's form for it would apply it, or refused as a whole with the
 * form's message; a refused part is a warning of the import, never its failure.
 */
import type { BlogOptionsService } from '../domain/blogs/blog-options.service.js';
import type { BlogService } from '../domain/blogs/blog.service.js';
import { validRobotsTags } from '../domain/blogs/robots-settings.js';
import type { CommentSettingsService } from '../domain/comments/comment-settings.js';
import { AppError } from '../domain/errors.js';
import { themeSettingsForm } from '../domain/themes/theme-settings.js';
import type { ThemeService } from '../domain/themes/theme.service.js';
import type { BlogRepository } from '../storage/repositories/blog.repository.js';
import type { ImportedSettings } from './import-model.js';

export interface SettingsTargets {
  blogs: BlogRepository;
  blogService: BlogService;
  blogOptions: BlogOptionsService;
  commentSettings: CommentSettingsService;
  themes: ThemeService;
  setBeacon(blogId: string, on: boolean): Promise<void>;
  /** Throws (with the file, line and reason) when a template of `files` does not compile. */
  checkTemplates(files: ReadonlyMap<string, string>): void;
}

/** Applies what it can; returns what was applied, in words, and reports each refusal to `warn`. */
export async function applyImportedSettings(
  t: SettingsTargets,
  blogId: string,
  settings: Omit<ImportedSettings, 'type'>,
  userId: string | null,
  warn: (message: string) => void,
): Promise<string[]> {
  const applied: string[] = [];
  const group = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
      applied.push(name);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      warn(`the blog's ${name} from the export: not kept, ${error.message}`);
    }
  };
  const current = async () => (await t.blogs.findById(blogId))!;

  if (settings.language !== undefined || settings.timeZone !== undefined || settings.searchDescription !== undefined) {
    await group('language, time zone and search description', () =>
      t.blogService.updateSettings(blogId, {
        language: settings.language,
        timeZone: settings.timeZone,
        searchDescription: settings.searchDescription,
      }),
    );
  }
  const { comments } = settings;
  if (comments && !settings.dastan) {
    await group('comment settings', async () => {
      const now = await t.commentSettings.forBlog(blogId);
      const given = Object.fromEntries(Object.entries(comments).filter(([, v]) => v !== undefined));
      await t.commentSettings.save(blogId, { ...now, ...given });
    });
  }
  const dastan = settings.dastan;
  if (!dastan) return applied;
  const { options } = dastan;
  await group('post and gadget options', () =>
    t.blogService.updateSettings(blogId, {
      postsPerPage: options.postsPerPage,
      popularWindow: options.popularWindow,
      popularCount: options.popularCount,
      snippetLength: options.snippetLength,
      labelsStyle: options.labelsStyle,
    }),
  );
  await group('robots settings', async () => {
    const given = options.robotsTags;
    const tags = given === null ? null : validRobotsTags({ home: given.home ?? [], archive: given.archive ?? [], item: given.item ?? [] });
    await t.blogOptions.setSearchOptions(await current(), {
      robotsTxt: options.robotsTxt,
      robotsTags: tags,
      searchDescriptionEnabled: options.searchDescriptionEnabled,
    });
  });
  if (options.embedProviders.length > 0)
    await group('embed providers', async () => {
      await t.blogOptions.setEmbedProviders(await current(), options.embedProviders.join('\n'));
    });
  await group('view beacon setting', () => t.setBeacon(blogId, options.viewBeacon));
  await group('comment settings', () => t.commentSettings.save(blogId, dastan.comments));
  const theme = dastan.theme;
  await group(`theme (${theme.name.slice(0, 40)})`, () => current().then((blog) => t.themes.chooseTheme(blog, theme.name)));
  await group("theme's colours and fonts", async () => {
    await t.themes.saveSettings(await current(), themeSettingsForm(theme.settings));
  });
  const files = new Map(Object.entries(theme.files));
  if (files.size > 0)
    await group(`own copies of theme files (${files.size})`, async () => {
      const blog = await current();
      for (const file of files.keys()) t.themes.fileOf(blog, file);
      t.checkTemplates(files);
      for (const [file, content] of files) await t.themes.saveFile(blog, file, content, userId);
    });
  return applied;
}
