import type { Database } from '../../common/database/database.ts';
import { userError, type UserError } from '../../common/graphql/user-error.ts';
import { TenantEntity, type Tenant } from './tenant.entity.ts';

export interface BrandingInput {
  displayName?: string | null;
  logoUrl?: string | null;
  primaryColor?: string | null;
  accentColor?: string | null;
  customDomain?: string | null;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const UNIQUE_VIOLATION = '23505';

/** White-label branding: the name, logo, colours and domain the tenant's apps present. */
export function createBrandingService(database: Database) {
  return {
    async update(tenantId: string, input: BrandingInput): Promise<{ tenant: Tenant | null; errors: UserError[] }> {
      const errors = validate(input);
      if (errors.length > 0) return { tenant: null, errors };
      // Omitted fields are kept; null or an empty string clears one.
      const changes: BrandingInput = { ...input };
      if ('displayName' in input) changes.displayName = input.displayName?.trim() || null;
      if ('customDomain' in input) changes.customDomain = input.customDomain?.toLowerCase() || null;
      try {
        const tenant = await database.transaction(tenantId, async (manager) => {
          if (Object.keys(changes).length > 0)
            await manager.getRepository(TenantEntity).update({ id: tenantId }, changes);
          return manager.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
        });
        return { tenant, errors: [] };
      } catch (error) {
        // Another tenant's domain is invisible here (row-level security); the constraint still sees it.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        return { tenant: null, errors: [userError('DOMAIN_TAKEN', 'This domain is in use', ['customDomain'])] };
      }
    },
  };
}

function validate(input: BrandingInput): UserError[] {
  const errors: UserError[] = [];
  if (input.displayName && input.displayName.length > 80) {
    errors.push(userError('INVALID_DISPLAY_NAME', 'The display name must be at most 80 characters', ['displayName']));
  }
  if (input.logoUrl && !isHttpsUrl(input.logoUrl)) {
    errors.push(userError('INVALID_LOGO_URL', 'The logo must be an https URL', ['logoUrl']));
  }
  for (const field of ['primaryColor', 'accentColor'] as const) {
    const value = input[field];
    if (value && !COLOR.test(value))
      errors.push(userError('INVALID_COLOR', `${field} must look like #1a2b3c`, [field]));
  }
  if (input.customDomain && !DOMAIN.test(input.customDomain.toLowerCase())) {
    errors.push(userError('INVALID_DOMAIN', 'This is not a domain name', ['customDomain']));
  }
  return errors;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:' && value.length <= 2000;
  } catch {
    return false;
  }
}
