import { Header } from '@nestjs/common';

const NO_STORE = Header('Cache-Control', 'no-store');

/**
 * `Cache-Control: no-store` on a route's responses (RFC 9111 §5.2.2.5): for credentials
 * (token responses, RFC 6749 §5.1) and anything that differs per user. On a controller it
 * applies to every route in it. It is a static route header, set before pipes and handler run,
 * so error answers from them carry it too; nothing is computed per request. (`Pragma:
 * no-cache` is left out: RFC 9111 deprecates it, and no cache still in use needs it.)
 */
export function NoStore(): ClassDecorator & MethodDecorator {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (key !== undefined && descriptor !== undefined) {
      NO_STORE(target, key, descriptor);
      return;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function') NO_STORE(prototype, name, method);
    }
  };
}
