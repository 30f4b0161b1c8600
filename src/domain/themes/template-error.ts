/** A theme template that cannot be used: the file, line and column, and the reason, for the editor's form. */
import { AppError } from '../errors.js';

export class TemplateError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(422, 'template_error', `${file}${line ? `, line ${line}${column ? `, column ${column}` : ''}` : ''}: ${reason}`);
  }
}

/** A blog's theme failed while rendering a page for a reader (too long, too much, or broken). */
export class ThemeRenderError extends AppError {
  constructor(reason: string) {
    super(
      503,
      'theme_error',
      `This page could not be shown because of the blog's theme: ${reason}. The blog's owner can fix it on the dashboard's Theme page.`,
    );
  }
}
