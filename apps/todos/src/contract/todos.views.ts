import { ApiProperty } from '@nestjs/swagger';
import { TODO_PRIORITIES, type TodoPriority } from './todos.requests.js';

/** A todo as every API shows it. `version` is also sent as the `ETag`. */
export class TodoView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Write the quarterly report' })
  title!: string;

  @ApiProperty({ nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt!: string | null;

  @ApiProperty({ enum: TODO_PRIORITIES })
  priority!: TodoPriority;

  @ApiProperty({ type: [String], example: ['work'] })
  tags!: string[];

  @ApiProperty()
  done!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  parentId!: string | null;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class TodoPage {
  @ApiProperty({ type: [TodoView] })
  items!: TodoView[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
