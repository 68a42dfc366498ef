import type { Config } from '../../../common/config.ts';
import { createDownloadLinks, publicBaseUrl, reportLinkSecret, type DownloadLinks } from './download-link.ts';

/** The links of this deployment, or null when production gave no REPORT_LINK_SECRET. */
export function reportLinksFor(config: Config): DownloadLinks | null {
  const secret = reportLinkSecret(config);
  return secret && createDownloadLinks(secret, publicBaseUrl(config));
}
