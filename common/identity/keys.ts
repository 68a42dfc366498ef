import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config.ts';

export interface KeyPair {
  /** Absent where this service only verifies. */
  privateKey?: KeyObject;
  publicKey: KeyObject;
}

/** A service given neither key of a pair in production has none: it must not need that pair. */
export interface PlatformKeys {
  /** Signs the access tokens clients present to the gateway. */
  auth?: KeyPair;
  /** Signs the short-lived identity tokens the gateway presents to subgraphs. */
  internal?: KeyPair;
  /** Signs the tokens a service presents to read another service's outbox (`/internal/events`). */
  events?: KeyPair;
}

type KeyName = 'AUTH' | 'INTERNAL' | 'EVENTS';

/**
 * Keys come from the environment (PEM). Outside production a missing pair is generated once and kept
 * in the data directory (mode 0600) so every service of one machine and every restart agree.
 */
export function loadKeys(config: Config): PlatformKeys {
  return {
    auth: loadPair(config, 'AUTH'),
    internal: loadPair(config, 'INTERNAL'),
    events: loadPair(config, 'EVENTS'),
  };
}

function loadPair(config: Config, name: KeyName): KeyPair | undefined {
  const signing = config[`${name}_SIGNING_KEY`];
  const verify = config[`${name}_VERIFY_KEY`];
  if (signing) {
    const privateKey = parsePrivate(signing, `${name}_SIGNING_KEY`);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  }
  if (verify) return { publicKey: parsePublic(verify, `${name}_VERIFY_KEY`) };
  if (config.NODE_ENV === 'production') return undefined;
  const privateKey = developmentKey(config.DATA_DIR, name);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** A fresh Ed25519 pair as PEM (PKCS#8 private, SPKI public), as the `*_SIGNING_KEY` / `*_VERIFY_KEY` variables take it. */
export function generateKeyPairPem(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('ed25519', {
    privateKeyEncoding: { format: 'pem', type: 'pkcs8' },
    publicKeyEncoding: { format: 'pem', type: 'spki' },
  });
}

function developmentKey(dataDir: string, name: KeyName): KeyObject {
  const file = join(dataDir, 'keys', `${name.toLowerCase()}-signing-key.pem`);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another service of this machine wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return createPrivateKey(readFileSync(file));
}

function parsePrivate(pem: string, variable: string): KeyObject {
  try {
    return createPrivateKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new ConfigError([`${variable}: not a PKCS#8 PEM private key`]);
  }
}

function parsePublic(pem: string, variable: string): KeyObject {
  try {
    return createPublicKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new ConfigError([`${variable}: not an SPKI PEM public key`]);
  }
}

/** The key a service cannot run without, or a start-up error naming the variable that supplies it. */
export function requireKey(key: KeyObject | undefined, variable: string): KeyObject {
  if (!key) throw new ConfigError([`${variable}: required by this service when NODE_ENV=production`]);
  return key;
}
