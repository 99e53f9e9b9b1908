import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CallContext } from '@ficus/common';
import { CreateTodoRequest, ListTodosRequest, TODOS_FACADE, TodoPage, TodoView, UpdateTodoRequest, type TodosFacade } from '@ficus/contracts/todos';
import { Authenticated } from '../authn/authenticated.guard.js';
import { Call } from '../authn/call.decorator.js';
import { clientHasVersion, IdempotencyKey, IfMatchVersion, withETag } from './todo-headers.js';
import { TodoIdPipe } from './todo-id.pipe.js';

const ETAG_HEADER = { ETag: { description: 'The todo\'s version, e.g. `"3"`: send it back as `If-Match`.', schema: { type: 'string', example: '"1"' } } };
const IF_MATCH = { name: 'If-Match', required: false, description: 'Apply only at this version (an ETag, e.g. `"3"`; `*` = any). A stale one → 412, a malformed one → 400.' };
const IF_NONE_MATCH = { name: 'If-None-Match', required: false, description: 'The ETag of your copy, e.g. `"3"`: 304 without a body while the todo is still at that version.' };
const ID_PARAM = { name: 'id', format: 'uuid', description: 'A todo id; not a UUID → 400, unknown or another user\'s → 404.' };

/** The signed-in user's todos: the todos facade over HTTP. */
@ApiTags('todos')
@Authenticated()
@Controller('todos')
export class TodosController {
  constructor(@Inject(TODOS_FACADE) private readonly todos: TodosFacade) {}

  @Post()
  @ApiOperation({ summary: 'Create a todo', description: 'With `Idempotency-Key`, a repeat of the same body within 24 h returns the original todo (same id, 201) and creates nothing.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–200 visible ASCII characters, unique per intended todo (a UUID). Scoped to the user.' })
  @ApiBody({
    type: CreateTodoRequest,
    examples: {
      minimal: { value: { title: 'Buy milk' } },
      full: { value: { title: 'Write the quarterly report', description: 'Numbers from finance first.', dueAt: '2026-12-01T17:00:00.000Z', priority: 'high', tags: ['work'] } },
      subtask: { value: { title: 'Collect the numbers', parentId: '0195f0d0-7b1c-7000-8000-3f9a2c4d5e6f' } },
    },
  })
  @ApiCreatedResponse({ type: TodoView, headers: ETAG_HEADER, description: 'The new todo; for a repeated Idempotency-Key, the original one.' })
  @ApiBadRequestResponse({ description: 'Invalid fields (problem+json with `errors`).' })
  @ApiConflictResponse({ description: '`todos.limit_reached`: TODOS_MAX_PER_USER todos exist.' })
  @ApiUnprocessableEntityResponse({ description: '`todos.invalid_parent` (field `parentId`) or `todos.idempotency_key_reused`.' })
  async create(
    @Body() body: CreateTodoRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Call() call: CallContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TodoView> {
    return withETag(reply, await this.todos.create({ ...body, idempotencyKey }, call));
  }

  @Get()
  @ApiOperation({ summary: 'List todos, newest first', description: 'Cursor pagination: pass `nextCursor` back as `cursor` with the same filters; `null` on the last page.' })
  @ApiOkResponse({ type: TodoPage, description: 'At most `limit` todos and the cursor of the next page.' })
  @ApiBadRequestResponse({ description: 'Invalid filters or a cursor this API did not issue.' })
  list(@Query() query: ListTodosRequest, @Call() call: CallContext): Promise<TodoPage> {
    return this.todos.list(query, call);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One todo', description: 'With `If-None-Match` naming the current version, 304 without a body.' })
  @ApiParam(ID_PARAM)
  @ApiHeader(IF_NONE_MATCH)
  @ApiOkResponse({ type: TodoView, headers: ETAG_HEADER, description: 'The todo.' })
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, headers: ETAG_HEADER, description: 'Your copy (If-None-Match) is the current version; no body.' })
  @ApiNotFoundResponse({ description: '`todos.not_found`' })
  async get(
    @Param('id', TodoIdPipe) id: string,
    @Call() call: CallContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TodoView | undefined> {
    const todo = withETag(reply, await this.todos.get({ id }, call));
    if (!clientHasVersion(request, todo)) return todo;
    void reply.status(HttpStatus.NOT_MODIFIED);
    return undefined;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields', description: 'Only the fields sent change; `null` clears description or dueAt; `done` sets or clears completedAt. Every change is a new version.' })
  @ApiParam(ID_PARAM)
  @ApiHeader(IF_MATCH)
  @ApiBody({ type: UpdateTodoRequest, examples: { complete: { value: { done: true } }, reschedule: { value: { dueAt: '2026-12-08T17:00:00.000Z', priority: 'low' } } } })
  @ApiOkResponse({ type: TodoView, headers: ETAG_HEADER, description: 'The todo as changed, at its new version.' })
  @ApiNotFoundResponse({ description: '`todos.not_found`' })
  @ApiPreconditionFailedResponse({ description: '`todos.version_mismatch`: the todo is no longer at the If-Match version.' })
  @ApiConflictResponse({ description: '`todos.concurrent_update`: without If-Match, other writers kept winning; retry.' })
  async update(
    @Param('id', TodoIdPipe) id: string,
    @Body() body: UpdateTodoRequest,
    @IfMatchVersion() expectedVersion: number | undefined,
    @Call() call: CallContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TodoView> {
    return withETag(reply, await this.todos.update({ ...body, id, expectedVersion }, call));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a todo and its subtasks', description: 'With `If-Match`, only while the todo is at that version. Takes no body.' })
  @ApiParam(ID_PARAM)
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted, with its subtasks.' })
  @ApiNotFoundResponse({ description: '`todos.not_found`' })
  @ApiPreconditionFailedResponse({ description: '`todos.version_mismatch`' })
  remove(@Param('id', TodoIdPipe) id: string, @IfMatchVersion() expectedVersion: number | undefined, @Call() call: CallContext): Promise<void> {
    return this.todos.remove({ id, expectedVersion }, call);
  }
}
