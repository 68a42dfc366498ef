import { parse } from 'graphql';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalDocument, tokenCount } from './canonical-document.ts';

/** The id of a document in the manifest: `sha256:` and the SHA-256 of its text, in hex. */
export const DOCUMENT_ID = /^sha256:[0-9a-f]{64}$/;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** The operations the client SDK was built with, as codegen writes them (`persisted-documents.json`). */
export interface DocumentManifest {
  readonly size: number;
  /** The text of the document with this id (`sha256:<hex>`), if the manifest has it. */
  textOf(id: string): string | undefined;
  /** The id of the manifest document this text is, however it is formatted or ordered. */
  idOf(text: string): string | undefined;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** Reads and checks a manifest: every id must be the hash of its document, every document parse. */
export function loadDocumentManifest(path: string): DocumentManifest {
  let entries: [string, unknown][];
  try {
    entries = Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  } catch (error) {
    throw new ManifestError(`cannot read the trusted documents manifest ${path}: ${(error as Error).message}`);
  }
  return createDocumentManifest(entries, path);
}

export function createDocumentManifest(entries: [string, unknown][], origin = 'the manifest'): DocumentManifest {
  const texts = new Map<string, string>();
  const idsByCanonical = new Map<string, string>();
  let maxTokens = 0;
  for (const [id, text] of entries) {
    if (typeof text !== 'string' || !DOCUMENT_ID.test(id) || id !== `sha256:${sha256Hex(text)}`) {
      throw new ManifestError(`${origin}: "${id}" is not the sha256 id of a document's text`);
    }
    let canonical: string;
    try {
      canonical = canonicalDocument(parse(text));
    } catch (error) {
      throw new ManifestError(`${origin}: the document ${id} does not parse: ${(error as Error).message}`);
    }
    texts.set(id, text);
    idsByCanonical.set(canonical, id);
    maxTokens = Math.max(maxTokens, tokenCount(text));
  }
  return {
    size: texts.size,
    textOf: (id) => texts.get(id),
    idOf(text) {
      try {
        // A text with more tokens than every manifest document is none of them: stop reading it there.
        return idsByCanonical.get(canonicalDocument(parse(text, { maxTokens, noLocation: true })));
      } catch {
        return undefined;
      }
    },
  };
}
