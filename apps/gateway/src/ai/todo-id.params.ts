import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `{id}` of `/ai/todos/{id}/…`: checked at the edge, so a malformed id is a 400 in every topology. */
export class TodoIdParams {
  @ApiProperty({ format: 'uuid', description: 'One of your todos.' })
  @IsUUID()
  id!: string;
}
