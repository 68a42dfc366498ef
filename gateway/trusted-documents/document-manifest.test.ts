import { print, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as sdk from '../../client-sdk/__generated__/graphql.ts';
import { loadConfig } from '../../common/config.ts';
import { createDocumentManifest, loadDocumentManifest, ManifestError, sha256Hex } from './document-manifest.ts';

const manifest = loadDocumentManifest(loadConfig({}).TRUSTED_DOCUMENTS_PATH);
const sdkDocuments = Object.values(sdk).filter(
  (value): value is DocumentNode & { __meta__: { hash: string } } =>
    typeof value === 'object' && value !== null && '__meta__' in value,
);

const me = 'query Me { me { email id name role } }';
const meId = `sha256:${sha256Hex(me)}`;

describe('the trusted documents manifest', () => {
  it('holds every operation of the client SDK, found by the text the SDK sends', () => {
    expect(sdkDocuments.length).toBe(manifest.size);
    for (const document of sdkDocuments) {
      expect(manifest.textOf(document.__meta__.hash)).toBeDefined();
      expect(manifest.idOf(print(document))).toBe(document.__meta__.hash);
    }
  });

  it('finds a document however its fields, arguments and variables are ordered and laid out', () => {
    const small = createDocumentManifest([[meId, me]]);
    expect(small.idOf('# who am I\nquery Me {\n  me {\n    role\n    name,\n    id email\n  }\n}\n')).toBe(meId);

    const text = 'query Stores($first: Int, $after: String) { stores(first: $first, after: $after) { totalCount } }';
    const id = `sha256:${sha256Hex(text)}`;
    const stores = createDocumentManifest([[id, text]]);
    expect(
      stores.idOf('query Stores($after: String $first: Int) { stores(after: $after first: $first) { totalCount } }'),
    ).toBe(id);
  });

  it('takes no other document for a manifest one: a field more, another name, a literal, a second operation', () => {
    const small = createDocumentManifest([[meId, me]]);
    for (const other of [
      'query Me { me { email id name role tenantId } }',
      'query Who { me { email id name role } }',
      'query Me { me { email id name role } } query Other { me { id } }',
      'query Me { me { email id name role @include(if: false) } }',
      '{ me { email id name role } }',
      'query Me { me { email id name role',
    ]) {
      expect(small.idOf(other), other).toBeUndefined();
    }
  });

  it('stops reading a text longer in tokens than every manifest document', () => {
    const small = createDocumentManifest([[meId, me]]);
    const deep = `query Me { me { email id name role ${'{ a '.repeat(50_000)}`;
    expect(small.idOf(deep)).toBeUndefined();
  });

  it('refuses a manifest whose id is not the hash of its document, or whose document does not parse', () => {
    expect(() => createDocumentManifest([[`sha256:${'0'.repeat(64)}`, me]])).toThrow(ManifestError);
    expect(() => createDocumentManifest([['Me', me]])).toThrow(ManifestError);
    const broken = 'query Me {';
    expect(() => createDocumentManifest([[`sha256:${sha256Hex(broken)}`, broken]])).toThrow(/does not parse/);
    expect(() => loadDocumentManifest('no/such/manifest.json')).toThrow(ManifestError);
  });
});
