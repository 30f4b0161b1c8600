/** One comment of the labelled set. */
export interface LabelledComment {
  isSpam: boolean;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  bodyHtml: string;
}
