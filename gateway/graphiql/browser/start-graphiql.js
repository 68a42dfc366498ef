/* global window, document, location, React, ReactDOM, GraphiQL, graphqlWs */
// Runs in the browser after React, GraphiQL and graphql-ws (their UMD builds, served beside this file).
'use strict';

const DEFAULT_QUERY = `# Go Coffee API
#
# 1. Run Login (the run button lists every operation
#    of this document) and copy its accessToken.
# 2. In Headers below:
#    { "Authorization": "Bearer <accessToken>" }
# 3. Run Stores: two subgraphs answer it together.
# 4. In Variables: { "storeId": "<a store's id>" },
#    then run KitchenDisplay: every order placed at
#    that store shows here as it happens, over a
#    WebSocket on this same URL.

mutation Login {
  login(input: { email: "manager@demo.coffee", password: "coffee-demo" }) {
    accessToken
    errors {
      code
      message
    }
  }
}

query Stores {
  stores {
    totalCount
    edges {
      node {
        id
        name
        timezone
        tenant {
          name
          tier
        }
      }
    }
  }
}

subscription KitchenDisplay($storeId: ID!) {
  storeOrders(storeId: $storeId) {
    id
    status
    total {
      amount
      currency
    }
    store {
      name
      tenant {
        name
      }
    }
  }
}
`;

const httpUrl = `${location.origin}${location.pathname}`;
const wsUrl = httpUrl.replace(/^http/, 'ws');

function headerValue(headers, name) {
  const key = Object.keys(headers ?? {}).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
}

function isSubscription(documentAST, operationName) {
  const operations = (documentAST?.definitions ?? []).filter((node) => node.kind === 'OperationDefinition');
  const operation = operationName
    ? operations.find((node) => node.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  return operation?.operation === 'subscription';
}

// The gateway authenticates a WebSocket once, on connection_init, with the Authorization header's
// value: each value gets its own client, so a change in the editor connects with the new one while
// subscriptions of other tabs keep theirs. A client holds its socket only while it has subscriptions.
const clients = new Map();
function clientFor(authorization) {
  let client = clients.get(authorization);
  if (!client) {
    client = graphqlWs.createClient({
      url: wsUrl,
      connectionParams: authorization === undefined ? {} : { authorization },
      retryAttempts: 0,
    });
    clients.set(authorization, client);
  }
  return client;
}

const withoutHeaders = GraphiQL.createFetcher({ url: httpUrl });
const overHttp = GraphiQL.createFetcher({
  url: httpUrl,
  // Every caller sees the same schema: a stale or half-typed token in the editor must not hide it.
  schemaFetcher: (params) => withoutHeaders(params),
});

// graphql-ws ends a refused connection with its close event (4403 for a credential that does not
// verify): say so in words rather than show an empty object.
async function* subscribe(client, params) {
  try {
    yield* client.iterate(params);
  } catch (error) {
    if (typeof error?.code !== 'number') throw error;
    throw new Error(`The WebSocket was closed with ${error.code} ${error.reason}: check the Authorization header`);
  }
}

function fetcher(params, options) {
  if (!isSubscription(options?.documentAST, params.operationName)) return overHttp(params, options);
  return subscribe(clientFor(headerValue(options?.headers, 'authorization')), params);
}

// The <style> GraphiQL's menus add reads its nonce from here; the page's policy allows no other.
window.__webpack_nonce__ = document.querySelector('meta[name="graphiql-style-nonce"]').content;

ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
  }),
);
