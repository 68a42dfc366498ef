import type { GraphiqlAssets } from './graphiql-assets.ts';

/** The page's `<meta>` that hands the style nonce to its start script (`browser/start-graphiql.js`). */
export const STYLE_NONCE_META = 'graphiql-style-nonce';

/**
 * The page runs only the scripts it is served from this gateway and talks only to it (`'self'`
 * covers ws: and wss: to the same host). GraphiQL's menus and dialogs add `<style>` elements at run
 * time: they carry this response's nonce, and no other inline style applies. The stylesheet
 * embeds its fonts and icons as data: URLs; nothing else may load, and the page may not be framed.
 */
export function graphiqlContentSecurityPolicy(styleNonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The HTML of GraphiQL: links to the assets and an element to render into, no inline script or style. */
export function renderGraphiqlPage({ styles, scripts }: GraphiqlAssets, styleNonce: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="${STYLE_NONCE_META}" content="${styleNonce}">`,
    '<title>Go Coffee GraphiQL</title>',
    '<link rel="icon" href="data:,">',
    ...styles.map((asset) => `<link rel="stylesheet" href="${asset.url}">`),
    ...scripts.map((asset) => `<script defer src="${asset.url}"></script>`),
    '</head>',
    '<body>',
    '<div id="graphiql">Loading GraphiQL…</div>',
    '<noscript>GraphiQL needs JavaScript. GraphQL requests go to this URL with POST.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
