/**
 * Prints fresh Ed25519 key pairs as shell exports for the distributed mode:
 *   eval "$(npx tsx scripts/generate-keys.ts)" && docker compose up --build
 */
import { generateKeyPairSync } from 'node:crypto';

for (const name of ['AUTH', 'INTERNAL']) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { format: 'pem', type: 'pkcs8' },
    publicKeyEncoding: { format: 'pem', type: 'spki' },
  });
  console.log(exportLine(`${name}_SIGNING_KEY`, privateKey));
  console.log(exportLine(`${name}_VERIFY_KEY`, publicKey));
}

/** One line per key: common/identity/keys.ts turns the escaped newlines back into newlines. */
function exportLine(variable: string, pem: string): string {
  return `export ${variable}='${pem.trimEnd().replaceAll('\n', '\\n')}'`;
}
