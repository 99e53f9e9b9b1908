import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';

/** Body of `POST /ai/todos/{id}/breakdown`. */
export class BreakdownRequest {
  @ApiPropertyOptional({ default: false, description: 'Also create the suggestions as subtasks of the todo, and return them.' })
  @IsOptional()
  @IsBoolean()
  apply?: boolean;
}

/** A breakdown as the facade takes it: the todo (one of the caller's) plus the request body. */
export class BreakdownCommand extends BreakdownRequest {
  @IsUUID()
  todoId!: string;
}
