import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@ficus/common';
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

// The binding declares these as ambient const enums, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;
const VERSION_0x13 = 1 as Version;

/**
 * Argon2id password hashing (ASVS V6.2: memory-hard, per-hash random salt, PHC strings). Hashing
 * runs on libuv's thread pool, not the event loop. A dummy hash made at start-up lets a login
 * for an unknown email cost what a login for a known one costs, so timing reveals nothing.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: Options;
  private dummyHash = '';

  constructor(config: AppConfig) {
    this.options = {
      algorithm: ARGON2ID,
      version: VERSION_0x13,
      memoryCost: config.AUTH_ARGON2_MEMORY_KIB,
      timeCost: config.AUTH_ARGON2_TIME_COST,
      parallelism: config.AUTH_ARGON2_PARALLELISM,
    };
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  /** The PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) of `password` with the configured costs. */
  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  /** Whether `password` matches `storedHash`; a malformed hash never matches. */
  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** Spends one verification's time on the dummy hash and returns false (no such account). */
  async verifyNothing(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }

  /** Whether `storedHash` was made with other parameters than the configured ones (re-hash after login). */
  needsRehash(storedHash: string): boolean {
    try {
      const stored = parseOptions(storedHash);
      return (
        stored.algorithm !== this.options.algorithm ||
        stored.version !== this.options.version ||
        stored.memoryCost !== this.options.memoryCost ||
        stored.timeCost !== this.options.timeCost ||
        stored.parallelism !== this.options.parallelism
      );
    } catch {
      return true;
    }
  }
}
