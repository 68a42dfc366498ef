import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The mails the embedded file mailer wrote to someone, oldest first. */
export function mailsTo(dataDir: string, address: string): string[] {
  const folder = join(dataDir, 'mail');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .filter((mail) => mail.startsWith(`To: ${address}\n`));
}

/** The code in the newest mail to someone (the last line of its text). */
export function latestCode(dataDir: string, address: string): string {
  const mail = mailsTo(dataDir, address).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  return mail
    .trim()
    .split('\n')
    .find((line) => /^[\w-]{43}$/.test(line))!;
}
