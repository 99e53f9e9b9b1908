import type { UserView } from '@ficus/contracts/auth';
import type { UserRecord } from './users.repository.js';

/** The public shape of a user: JSON-safe (ISO date string), no password hash. */
export function toUserView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: [...user.roles],
    createdAt: user.createdAt.toISOString(),
  };
}
