import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Where the page's assets are served; each URL carries its content's hash, so it never changes. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

export interface GraphiqlAsset {
  /** e.g. `/graphiql/3f2a…/graphiql.min.js` */
  url: string;
  contentType: string;
  body: Buffer;
  /** Compressed on first request that accepts it, then kept. */
  gzipped(): Buffer;
}

/** The page's files in the order the page loads them: React first, the page's own script last. */
export interface GraphiqlAssets {
  styles: GraphiqlAsset[];
  scripts: GraphiqlAsset[];
  byUrl: Map<string, GraphiqlAsset>;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const browserFile = (name: string) => fileURLToPath(new URL(`browser/${name}`, import.meta.url));

/**
 * graphiql 3.9's prebuilt UMD bundle and stylesheet, React 18's UMD builds, graphql-ws's browser
 * build and the page's own start script: all from this installation, nothing from a CDN.
 */
function assetFiles() {
  return {
    styles: [join(packageDir('graphiql'), 'graphiql.min.css'), browserFile('graphiql-page.css')],
    scripts: [
      join(packageDir('react'), 'umd/react.production.min.js'),
      join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
      join(packageDir('graphiql'), 'graphiql.min.js'),
      join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'),
      browserFile('start-graphiql.js'),
    ],
  };
}

async function loadAsset(path: string, contentType: string): Promise<GraphiqlAsset> {
  // The bundles point at source maps that are not served: the browser would only ask for them in vain.
  const body = Buffer.from((await readFile(path, 'utf8')).replace(/\n?\/[/*]# sourceMappingURL=\S+\s*(\*\/)?\s*$/, ''));
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  let gzipped: Buffer | undefined;
  return {
    url: `${GRAPHIQL_ASSET_PREFIX}${hash}/${path.split('/').at(-1)}`,
    contentType,
    body,
    gzipped: () => (gzipped ??= gzipSync(body)),
  };
}

/** Reads the assets once, on first use: a gateway that never serves the page never reads them. */
export function createGraphiqlAssets(): () => Promise<GraphiqlAssets> {
  let loading: Promise<GraphiqlAssets> | undefined;
  const load = async (): Promise<GraphiqlAssets> => {
    const files = assetFiles();
    const styles = await Promise.all(files.styles.map((path) => loadAsset(path, 'text/css; charset=utf-8')));
    const scripts = await Promise.all(files.scripts.map((path) => loadAsset(path, 'text/javascript; charset=utf-8')));
    return { styles, scripts, byUrl: new Map([...styles, ...scripts].map((asset) => [asset.url, asset])) };
  };
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
