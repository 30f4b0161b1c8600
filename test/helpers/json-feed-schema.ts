/**
 * The JSON Feed 1.1 schema (draft-07) compiled with Ajv. The schema's two formats are checked here
 * rather than with ajv-formats, which the project does not depend on.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';

const SCHEMA = '/work/shared/testdata/feeds/jsonfeed-schema/schema-v1.1.json';

const ajv = new Ajv({ allErrors: true });
// RFC 3986: a scheme, then whatever the URL parser accepts.
ajv.addFormat('uri', (value: string) => /^[a-z][a-z\d+.-]*:/i.test(value) && URL.canParse(value));
// RFC 3339 date-time, as JSON Feed requires.
ajv.addFormat(
  'date-time',
  (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

/** The schema's complaints about `feed`, or an empty list when it is a valid JSON Feed. */
export function jsonFeedErrors(feed: unknown): ErrorObject[] {
  return validate(feed) ? [] : [...(validate.errors ?? [])];
}
