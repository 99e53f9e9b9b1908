import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RateLimit, type CallContext } from '@ficus/common';
import { AUTH_FACADE, JwksView, type AuthFacade } from '@ficus/contracts/auth';
import { Call } from '../authn/call.decorator.js';

/** Auth's public keys, for anyone verifying access tokens outside Ficus. */
@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(AUTH_FACADE) private readonly auth: AuthFacade) {}

  @Get('jwks.json')
  @RateLimit('public')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({
    summary: 'JSON Web Key Set that verifies access tokens (ES256)',
    description: 'The public keys of every signing key in use, for verifying access tokens outside Ficus; cacheable for 5 minutes.',
  })
  @ApiOkResponse({ type: JwksView })
  jwks(@Call() call: CallContext): Promise<JwksView> {
    return this.auth.jwks({}, call);
  }
}
