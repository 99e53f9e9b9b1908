import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

/** One build stage of a Dockerfile: its name (`AS …`) and its instructions, FROM first. */
export interface DockerStage {
  name: string;
  instructions: Instruction[];
}

/** The repository's Dockerfile as text. */
export const dockerfileSource = (): string => readFileSync(resolve(__dirname, '../../Dockerfile'), 'utf8');

/** The build stages of a Dockerfile, parsed by dockerfile-ast (the parser of VS Code's Docker support). */
export function dockerStages(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') stages.push({ name: instruction.getArguments().at(-1)?.getValue() ?? '', instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The stage called `name`; throws when there is none. */
export function dockerStage(stages: readonly DockerStage[], name: string): DockerStage {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`Dockerfile has no stage ${name}`);
  return found;
}

/** The arguments (flags included) of every `keyword` instruction of a stage, as written. */
export function instructionArgs(stage: DockerStage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.getKeyword() === keyword).map((instruction) => instruction.toString().slice(keyword.length).trim());
}
