import { EntitySchema } from 'typeorm';

/** A person; the same user may belong to several tenants through memberships. */
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  /** Consents the person gave, and when they last changed them. */
  marketingConsent: boolean;
  analyticsConsent: boolean;
  consentUpdatedAt: Date | null;
  /** Set when the person's data was erased: what remains is pseudonymous. */
  erasedAt: Date | null;
  /**
   * Runs the platform (SUPERADMIN), belongs to no tenant. Set only by the platform's own tooling and
   * seed, never through sign-up, invitations, single sign-on or any tenant API.
   */
  platformOperator: boolean;
  createdAt: Date;
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    email: { type: 'text', unique: true },
    name: { type: 'text' },
    passwordHash: { name: 'password_hash', type: 'text', select: false },
    marketingConsent: { name: 'marketing_consent', type: 'boolean', default: false },
    analyticsConsent: { name: 'analytics_consent', type: 'boolean', default: false },
    consentUpdatedAt: { name: 'consent_updated_at', type: 'timestamptz', nullable: true },
    erasedAt: { name: 'erased_at', type: 'timestamptz', nullable: true },
    platformOperator: { name: 'platform_operator', type: 'boolean', default: false },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
