// react-hook-form's resolver for a shared zod schema whose messages are codes: each field error keeps
// its code as `message` and its parameters in `types`, so the form words it in the reader's language at
// render time (and again when the language changes). zodResolver would drop the parameters.
import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import { codedIssueOf, type IssueLike, type MessageParams } from '@lpt/shared/messages';

interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: IssueLike[] } };
}

export function codedResolver<T extends FieldValues, TOutput = T>(schema: SafeParser<unknown>): Resolver<T, unknown, TOutput> {
  return (values, _context, options) => {
    const result = schema.safeParse(values);
    if (result.success) return { values: result.data as TOutput, errors: {} };
    const flat: Record<string, FieldError> = {};
    for (const issue of result.error.issues) {
      const coded = codedIssueOf(issue);
      const path = coded.field === '_' ? 'root' : coded.field;
      flat[path] ??= { type: coded.code, message: coded.code, types: coded.params as Record<string, string> };
    }
    return { values: {}, errors: toNestErrors(flat as never, options) };
  };
}

/** The parameters a coded field error carries (see codedResolver). */
export function paramsOf(error: FieldError | undefined): MessageParams {
  return (error?.types ?? {}) as MessageParams;
}
