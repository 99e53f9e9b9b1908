import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDateTime } from '../../../../libs/common/src/contracts/date-time.validator.js';
import { trimmed } from '../../../../libs/common/src/contracts/normalize.js';
import { CursorPageRequest } from '../../../../libs/common/src/contracts/page-request.js';

export const TODO_PRIORITIES = ['low', 'medium', 'high'] as const;
export type TodoPriority = (typeof TODO_PRIORITIES)[number];

const NOT_BLANK = /\S/;
/** Versions are stored as a 32-bit integer. */
const MAX_VERSION = 2_147_483_647;
const toBooleanQuery = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** Tags compare without surrounding blanks; a tag that is only blanks then fails its length rule. */
const trimmedEach = ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : value);
/**
 * Optional but not nullable: `@IsOptional()` would also let `null` through, which for a field
 * that cannot be cleared (title, priority, tags, done) must be a validation error instead.
 */
const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Fields of a new todo, as POST /todos takes them. */
export class CreateTodoRequest {
  @ApiProperty({ example: 'Write the quarterly report', minLength: 1, maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({ example: 'Numbers from finance first.', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T17:00:00.000Z' })
  @IsOptional()
  @IsDateTime()
  dueAt?: string;

  @ApiPropertyOptional({ enum: TODO_PRIORITIES, default: 'medium' })
  @IsOptional()
  @IsIn(TODO_PRIORITIES)
  priority?: TodoPriority;

  @ApiPropertyOptional({ type: [String], example: ['work'], maxItems: 20, description: 'Trimmed; duplicates are dropped.' })
  @IsOptional()
  @Transform(trimmedEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Makes this a subtask of one of your top-level todos.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

/** A create as the facade takes it: the fields plus the client's idempotency key, if any. */
export class CreateTodoCommand extends CreateTodoRequest {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string;
}

/** Partial update; `null` clears an optional field. `done` sets or clears `completedAt`. */
export class UpdateTodoRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Write the annual report' })
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 10_000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @IsDateTime()
  dueAt?: string | null;

  @ApiPropertyOptional({ enum: TODO_PRIORITIES })
  @OptionalNotNull()
  @IsIn(TODO_PRIORITIES)
  priority?: TodoPriority;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Replaces the tags; trimmed, duplicates dropped.' })
  @OptionalNotNull()
  @Transform(trimmedEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 32, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'true sets completedAt (kept if already done); false clears it.' })
  @OptionalNotNull()
  @IsBoolean()
  done?: boolean;
}

/** Addresses one todo, optionally only at a given version (`If-Match`). */
export class TodoRef {
  @IsUUID()
  id!: string;

  /** When set, the change applies only if the todo is still at this version (else 412). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  expectedVersion?: number;
}

/** A partial update as the facade takes it: the changes plus which todo, at which version. */
export class UpdateTodoCommand extends IntersectionType(UpdateTodoRequest, TodoRef) {}

/** GET /todos query: filters and cursor pagination (newest first). */
export class ListTodosRequest extends CursorPageRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBooleanQuery)
  @IsBoolean()
  done?: boolean;

  @ApiPropertyOptional({ enum: TODO_PRIORITIES })
  @IsOptional()
  @IsIn(TODO_PRIORITIES)
  priority?: TodoPriority;

  @ApiPropertyOptional({ description: 'Only todos with this tag (trimmed, like stored tags).', minLength: 1, maxLength: 32 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 32)
  tag?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueAfter?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the subtasks of this todo.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive text search in titles.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
