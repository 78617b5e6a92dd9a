/**
 * A composition's reading of another question's answer: `context.ask` (every guard applied, the
 * answer already checked against that question's output schema), then a parse with the narrow
 * shape the composition reads, so it is typed here without importing the part. When the two
 * disagree, that is our bug, and the error names both questions and the field.
 */
import type { z } from 'zod';
import { ErrorCodes } from '../../operators/errors.ts';
import { AccessError } from '../errors.ts';
import type { QuestionContext } from '../question.ts';

export async function askAs<S extends z.ZodType>(context: QuestionContext, composition: string, name: string, input: Record<string, unknown>, shape: S): Promise<z.output<S>> {
  const answer = await context.ask(name, input, context.signal);
  const parsed = shape.safeParse(answer);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
  throw new AccessError(`${composition} cannot read the answer of ${name} (a bug): ${problems}`, ErrorCodes.accessBadOutput);
}
