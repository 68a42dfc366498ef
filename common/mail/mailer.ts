import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail to people; which transport is a deployment choice. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The embedded default: each message becomes a file in `<DATA_DIR>/mail`, where the demo's user and
 * the tests can read it. Nothing leaves the machine.
 */
export function createFileMailer(dataDir: string): Mailer & { folder: string } {
  const folder = join(dataDir, 'mail');
  return {
    folder,
    async send({ to, subject, text }) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${to.replace(/[^\w.@-]/g, '_')}.txt`;
      writeFileSync(join(folder, name), `To: ${to}\nSubject: ${subject}\n\n${text}\n`, { mode: 0o600 });
    },
  };
}
