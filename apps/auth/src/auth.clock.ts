import { Injectable } from '@nestjs/common';

/**
 * The time every rule of the auth context reads (expiry, idle and absolute lifetimes, throttle
 * windows). Database comparisons take it as a parameter instead of using the server's `now()`,
 * so tests move time forward by stubbing `now` rather than by sleeping.
 */
@Injectable()
export class AuthClock {
  /** The current instant. */
  now(): Date {
    return new Date();
  }
}

/** `date` plus `seconds`, as a new Date. */
export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
