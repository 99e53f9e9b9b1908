import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CallContext } from '@ficus/common';
import { AUTH_FACADE, ListUsersRequest, UserPage, type AuthFacade } from '@ficus/contracts/auth';
import { Authenticated } from '../authn/authenticated.guard.js';
import { Call } from '../authn/call.decorator.js';

/** Administration; proves roles end to end (checked at the edge and again by auth). */
@ApiTags('admin')
@Controller('admin/users')
export class UsersController {
  constructor(@Inject(AUTH_FACADE) private readonly auth: AuthFacade) {}

  @Get()
  @Authenticated('admin')
  @ApiOperation({ summary: 'List users, newest first', description: 'Cursor pagination: pass `nextCursor` back as `cursor`.' })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: ListUsersRequest, @Call() call: CallContext): Promise<UserPage> {
    return this.auth.listUsers(query, call);
  }
}
