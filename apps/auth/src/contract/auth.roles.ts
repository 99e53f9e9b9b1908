/** The roles access tokens carry (`roles` claim); checked by the edge and by the auth facade. */
export const AUTH_ROLES = {
  /** Every account has it from registration on. */
  user: 'user',
  /** May list users. Granted only by an operator (`npm run auth:role`), never by signing up. */
  admin: 'admin',
} as const;

export type AuthRole = (typeof AUTH_ROLES)[keyof typeof AUTH_ROLES];

/** The roles an operator grants and revokes; `user` is not one of them, every account keeps it. */
export const ASSIGNABLE_ROLES: readonly AuthRole[] = [AUTH_ROLES.admin];
