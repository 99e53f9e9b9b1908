import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ValidationProblem } from '@ficus/common';

/**
 * The `:id` of a todo route: a UUID, else 400 with a field error on `id`. Telling a malformed
 * id apart from an unknown one reveals nothing (any well-formed unknown or foreign id is 404).
 */
@Injectable()
export class TodoIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new ValidationProblem([{ field: 'id', messages: ['id must be a UUID'] }]);
    return value.toLowerCase();
  }
}
