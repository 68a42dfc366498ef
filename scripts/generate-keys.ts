/**
 * Prints fresh Ed25519 key pairs, and the secret that signs report download links, as shell exports
 * for the distributed mode:
 *   eval "$(npx tsx scripts/generate-keys.ts)" && docker compose up --build
 */
import { randomBytes } from 'node:crypto';
import { generateKeyPairPem } from '../common/identity/keys.ts';

for (const name of ['AUTH', 'INTERNAL', 'EVENTS']) {
  const { privateKey, publicKey } = generateKeyPairPem();
  console.log(exportLine(`${name}_SIGNING_KEY`, privateKey));
  console.log(exportLine(`${name}_VERIFY_KEY`, publicKey));
}
console.log(`export REPORT_LINK_SECRET='${randomBytes(32).toString('base64url')}'`);

/** One line per key: common/identity/keys.ts turns the escaped newlines back into newlines. */
function exportLine(variable: string, pem: string): string {
  return `export ${variable}='${pem.trimEnd().replaceAll('\n', '\\n')}'`;
}
