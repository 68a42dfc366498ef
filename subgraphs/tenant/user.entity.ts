import { EntitySchema } from 'typeorm';

/** A person; the same user may belong to several tenants through memberships. */
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
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
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
