/**
 * XML checks for feed and sitemap tests: a strict, namespace-aware parse (saxes throws on the first
 * well-formedness error), the texts of chosen elements, and XSD validation with xmllint when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';

/** The local names of the open elements, outermost first, and their text, for each element closed. */
export interface ClosedElement {
  path: string[];
  text: string;
  attributes: Record<string, string>;
}

/** Parses `xml` strictly (throws when it is not well-formed, namespaces included); returns every element. */
export function parseXmlStrictly(xml: string): ClosedElement[] {
  const parser = new SaxesParser({ xmlns: true });
  const open: { name: string; text: string; attributes: Record<string, string> }[] = [];
  const closed: ClosedElement[] = [];
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = attr.value;
    open.push({ name: tag.local, text: '', attributes });
  });
  const addText = (text: string) => {
    const current = open.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const path = open.map((e) => e.name);
    const element = open.pop()!;
    closed.push({ path, text: element.text, attributes: element.attributes });
  });
  parser.write(xml).close();
  return closed;
}

/** Texts of the elements whose path ends with `suffix` (e.g. `['entry', 'title']`), in document order. */
export function textsAt(elements: readonly ClosedElement[], suffix: readonly string[]): string[] {
  return elements.filter((e) => suffix.every((name, i) => e.path[e.path.length - suffix.length + i] === name)).map((e) => e.text);
}

/** The elements whose path ends with `suffix`. */
export function elementsAt(elements: readonly ClosedElement[], suffix: readonly string[]): ClosedElement[] {
  return elements.filter((e) => suffix.every((name, i) => e.path[e.path.length - suffix.length + i] === name));
}

export const XMLLINT = '/usr/bin/xmllint';

function findXmllint(): boolean {
  const probe = spawnSync(XMLLINT, ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

/** False (with the reason printed once) when xmllint is missing, so XSD checks are skipped, not passed. */
export const hasXmllint = findXmllint();
if (!hasXmllint) console.log('skipped: xmllint not installed');

/** Validates `xml` against the XSD at `schemaPath`; returns xmllint's complaint, or undefined when valid. */
export function xsdErrors(xml: string, schemaPath: string): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'dastan-xsd-'));
  try {
    const file = path.join(dir, 'document.xml');
    writeFileSync(file, xml);
    const run = spawnSync(XMLLINT, ['--noout', '--schema', schemaPath, file], { encoding: 'utf8' });
    return run.status === 0 ? undefined : `${run.stderr || run.stdout || run.error?.message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
