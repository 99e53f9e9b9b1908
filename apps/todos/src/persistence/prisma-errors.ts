import { Prisma } from '../generated/prisma/client.js';

/** A foreign key rejected the write (Prisma P2003): here, a parent deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
