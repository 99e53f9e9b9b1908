import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, ProblemException, requireCaller, type CallContext, type EmptyRequest } from '@ficus/common';
import { TODOS_FACADE, type TodoView } from '@ficus/contracts/todos';
import {
  AI_ERRORS,
  SubtaskSuggestion,
  type AiFacade,
  type AiStreamEvent,
  type BreakdownCommand,
  type BreakdownResult,
  type SummaryResult,
  type AiTodosFacade,
} from '@ficus/contracts/ai';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Observable } from 'rxjs';
import { answerStream } from './answer-stream.js';
import { breakdownInput, planInput } from './assistant/assistant-input.js';
import type { SuggestionDraft } from './assistant/assistant.js';
import { AssistantPolicy, type AnswerStreaming } from './assistant/assistant.policy.js';

/** What an anonymous call gets (401): AI help is always for someone's own todos. */
const ANONYMOUS = { detail: 'Sign in to use AI help.' } as const;

/** Subtasks one todo can list; existing ones beyond this are not shown to the assistant anyway. */
const SUBTASK_PAGE = 100;

/**
 * The ai context's application service: the AiFacade every adapter serves. It reads and
 * writes todos only through the todos facade (in this process or remote), as the caller, so
 * it sees exactly what the caller may see. Results are JSON-safe and complete; the streamed
 * variants do the same work, passing on the assistant's text while it is written.
 */
@Injectable()
export class AiService implements AiFacade {
  constructor(
    @Inject(TODOS_FACADE) private readonly todos: AiTodosFacade,
    private readonly policy: AssistantPolicy,
    private readonly config: AppConfig,
  ) {}

  // The plain answers stop their model requests when `call.signal` aborts (the client left).
  breakdown(input: BreakdownCommand, call: CallContext): Promise<BreakdownResult> {
    return this.breakdownWith(input, call, { cancel: call.signal });
  }

  summary(input: EmptyRequest, call: CallContext): Promise<SummaryResult> {
    return this.summaryWith(input, call, { cancel: call.signal });
  }

  breakdownStream(input: BreakdownCommand, call: CallContext): Observable<AiStreamEvent<BreakdownResult>> {
    return answerStream((onText, cancel) => this.breakdownWith(input, call, { onText, cancel }));
  }

  summaryStream(input: EmptyRequest, call: CallContext): Observable<AiStreamEvent<SummaryResult>> {
    return answerStream((onText, cancel) => this.summaryWith(input, call, { onText, cancel }));
  }

  private async breakdownWith(input: BreakdownCommand, call: CallContext, stream?: AnswerStreaming): Promise<BreakdownResult> {
    requireCaller(call, ANONYMOUS);
    const todo = await this.todos.get({ id: input.todoId }, call);
    if (input.apply && todo.parentId !== null) {
      throw new ProblemException({ status: 422, type: 'ai-not-top-level', code: AI_ERRORS.notTopLevel, detail: 'Subtasks cannot have subtasks; break down a top-level todo.' });
    }
    const subtasks = todo.parentId === null ? (await this.todos.list({ parentId: todo.id, limit: SUBTASK_PAGE }, call)).items : [];
    const request = breakdownInput(todo, subtasks, this.config.AI_MAX_INPUT_CHARS);
    const answer = await this.policy.run(call, (assistant, signal, onToken) => assistant.suggestSubtasks(request, signal, onToken), stream);
    const suggestions = newSuggestions(answer.value, subtasks);
    const created: TodoView[] = [];
    // One at a time, in order: the subtasks appear as suggested, and a refusal (e.g. the todo
    // limit) stops the rest. Subtasks created before a refusal stay.
    for (const suggestion of input.apply ? suggestions : []) {
      created.push(await this.todos.create({ title: suggestion.title, description: suggestion.rationale, parentId: todo.id }, call));
    }
    return { todoId: todo.id, suggestions, created, generatedBy: answer.generatedBy, model: answer.model, degraded: answer.degraded };
  }

  private async summaryWith(_input: EmptyRequest, call: CallContext, stream?: AnswerStreaming): Promise<SummaryResult> {
    requireCaller(call, ANONYMOUS);
    const page = await this.todos.list({ done: false, limit: this.config.AI_MAX_TODOS }, call);
    if (page.items.length === 0) {
      return { summary: 'Nothing is open.', steps: [], openTodos: 0, truncated: false, generatedBy: 'rules', model: null, degraded: false };
    }
    const { input, sent } = planInput(page.items, this.config.AI_MAX_INPUT_CHARS, new Date());
    const answer = await this.policy.run(call, (assistant, signal, onToken) => assistant.planTodos(input, signal, onToken), stream);
    const steps = answer.value.steps.flatMap(({ ref, reason }) => {
      // Refs were checked against what was sent; the title shown is the todo's own, never model text.
      const todo = sent[Number(ref.slice(1)) - 1];
      return todo ? [{ todoId: todo.id, title: todo.title, reason }] : [];
    });
    return {
      summary: answer.value.summary,
      steps,
      openTodos: sent.length,
      truncated: page.nextCursor !== null || sent.length < page.items.length,
      generatedBy: answer.generatedBy,
      model: answer.model,
      degraded: answer.degraded,
    };
  }
}

/**
 * The drafts that pass a todo title's validation and are not subtasks already, as views.
 * Model answers were validated before; this holds the same line for every assistant.
 */
function newSuggestions(drafts: SuggestionDraft[], existing: TodoView[]): SubtaskSuggestion[] {
  const taken = new Set(existing.map((todo) => todo.title.trim().toLowerCase()));
  return drafts.flatMap((draft) => {
    const suggestion = plainToInstance(SubtaskSuggestion, { title: draft.title, rationale: draft.rationale });
    if (validateSync(suggestion).length > 0) return [];
    const key = suggestion.title.toLowerCase();
    if (taken.has(key)) return [];
    taken.add(key);
    return [{ title: suggestion.title, rationale: suggestion.rationale }];
  });
}
