import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { MAX_SERVER_TAGS, MAX_TAG_LENGTH, tagProblem } from '../../compute/server-tags';

/** The rule of one tag, as OpenAPI and messages state it. */
export const TAG_RULE = `1-${MAX_TAG_LENGTH} characters, without "/" or ","`;

/** Why `value` is not a list of tags, or null. */
export function tagListProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'tags must be an array of strings';
  if (value.length > MAX_SERVER_TAGS) return `a server has at most ${MAX_SERVER_TAGS} tags`;
  for (const tag of value as unknown[]) {
    const problem = tagProblem(tag);
    if (problem) return `${problem} (${JSON.stringify(tag)?.slice(0, 80) ?? 'null'})`;
  }
  const twin = caseTwin(value as string[]);
  return twin ? `tags must differ by more than letter case (${twin})` : null;
}

/**
 * Two distinct tags that differ only by letter case, if any: Nova keeps tags in a
 * case-insensitive MySQL column, where they would be one (and a list of both fails there).
 */
export function caseTwin(tags: string[]): string | null {
  const seen = new Map<string, string>();
  for (const tag of new Set(tags)) {
    const other = seen.get(tag.toLowerCase());
    if (other !== undefined) return `${JSON.stringify(other)}, ${JSON.stringify(tag)}`;
    seen.set(tag.toLowerCase(), tag);
  }
  return null;
}

/** Why `value` is not a `?tags=` filter (tags separated by commas), or null. */
export function tagFilterProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'tags must be given once, as tags separated by commas';
  const problem = tagListProblem(value.split(','));
  return problem && `tags must be ${TAG_RULE}, separated by commas: ${problem}`;
}

function validatedBy(name: string, problem: (value: unknown) => string | null) {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args) => problem(args?.value) ?? `${String(propertyName)} is invalid`,
      },
    });
}

/** A body's list of tags: at most 50, each 1–60 characters without `/` or `,`. */
export function IsTagList() {
  return applyDecorators(
    ApiProperty({
      type: [String],
      maxItems: MAX_SERVER_TAGS,
      example: ['web', 'prod'],
      description:
        `At most ${MAX_SERVER_TAGS} tags, each ${TAG_RULE}; duplicates count once, and tags ` +
        'may not differ by letter case only.',
    }),
    validatedBy('isTagList', tagListProblem),
  );
}

/** `?tags=a,b`: servers having every one of them. */
export function IsTagFilter() {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      example: 'web,prod',
      description:
        `Servers having every one of these tags, separated by commas (at most ` +
        `${MAX_SERVER_TAGS}, each ${TAG_RULE}).`,
    }),
    validatedBy('isTagFilter', tagFilterProblem),
  );
}
