// Approve, or return with a comment and optional comments on named fields. react-hook-form checks the
// decision with the API's own schema (reviewInput) before it is sent; the server's messages land on the
// same fields.
import { forwardRef, useImperativeHandle, useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldError, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { toNestErrors } from '@hookform/resolvers';
import { commitments, type Commitment, type ReviewDecision } from '@lpt/shared/enums';
import { codedIssueOf } from '@lpt/shared/messages';
import { emptyReportData, fieldAt } from '@lpt/shared/report';
import { reviewInput } from '@lpt/shared/schemas';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { errorMessageOf, issuesOf } from '../../../lib/trpc.ts';
import { ConfirmDialog } from '../../../ui/ConfirmDialog.tsx';
import { ErrorText } from '../../../ui/FormField.tsx';

/** Every field a comment may name, grouped by section ('' = the report as a whole), as the server accepts them. */
const commentTargets: { group: Commitment | ''; paths: string[] }[] = [
  { group: '', paths: ['currency'] },
  ...commitments.map((section) => ({
    group: section,
    paths: [
      section,
      ...Object.keys(emptyReportData()[section]).flatMap((field) => {
        const f = fieldAt(`${section}.${field}`);
        return f?.kind === 'breakdown' ? f.values.map((c) => `${section}.${field}.${c}`) : [`${section}.${field}`];
      }),
    ],
  })),
];

export interface DecisionFormHandle {
  /** Adds (or focuses) a comment on a field, and switches the decision to "return". */
  commentOn(path: string): void;
}

type ReviewInput = z.output<typeof reviewInput>;

/** The form's own shape: field comments as a list (their paths have dots, which react-hook-form would nest). */
interface DecisionValues {
  decision: ReviewDecision | null;
  comment: string;
  fieldComments: { path: string; text: string }[];
}

interface Props {
  organizationId: number;
  year: number;
  onDecide: (input: ReviewInput) => Promise<unknown>;
  onCommentsChange?: (paths: ReadonlySet<string>) => void;
}

const commentId = (path: string) => `field-comment-${path.replaceAll('.', '-')}`;

/** What the API is sent: field comments only with a return. */
function toReviewInput(organizationId: number, year: number, v: DecisionValues) {
  return {
    organizationId,
    year,
    decision: v.decision ?? undefined,
    comment: v.comment,
    ...(v.decision === 'return' && v.fieldComments.length > 0
      ? { fieldComments: Object.fromEntries(v.fieldComments.map((c) => [c.path, c.text])) }
      : {}),
  };
}

/** reviewInput as the form's resolver: its issues on `fieldComments.<path>` land on that comment's textarea. */
function decisionResolver(organizationId: number, year: number): Resolver<DecisionValues, unknown, ReviewInput> {
  return (values, _context, options) => {
    const parsed = reviewInput.safeParse(toReviewInput(organizationId, year, values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const flat: Record<string, FieldError> = {};
    for (const issue of parsed.error.issues) {
      const coded = codedIssueOf(issue);
      let path = issue.path.map(String).join('.');
      if (issue.path[0] === 'fieldComments') {
        const index = values.fieldComments.findIndex((c) => c.path === issue.path[1]);
        path = `fieldComments.${index}.text`;
      }
      flat[path] ??= { type: coded.code, message: coded.code, types: coded.params as Record<string, string> };
    }
    return { values: {}, errors: toNestErrors(flat as never, options) };
  };
}

export const DecisionForm = forwardRef<DecisionFormHandle, Props>(function DecisionForm(
  { organizationId, year, onDecide, onCommentsChange },
  ref,
) {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const form = useForm<DecisionValues, unknown, ReviewInput>({
    resolver: decisionResolver(organizationId, year),
    defaultValues: { decision: null, comment: '', fieldComments: [] },
  });
  const { register, formState } = form;
  const { errors } = formState;
  const comments = useFieldArray({ control: form.control, name: 'fieldComments' });
  const decision = useWatch({ control: form.control, name: 'decision' });
  const [picked, setPicked] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  const commentedPaths = (list: { path: string }[]) => onCommentsChange?.(new Set(list.map((c) => c.path)));

  const addComment = (path: string) => {
    const list = form.getValues('fieldComments');
    if (!list.some((c) => c.path === path)) {
      comments.append({ path, text: '' }, { shouldFocus: false });
      commentedPaths([...list, { path, text: '' }]);
    }
    form.setValue('decision', 'return');
    requestAnimationFrame(() => document.getElementById(commentId(path))?.focus());
  };
  const removeComment = (index: number) => {
    comments.remove(index);
    commentedPaths(form.getValues('fieldComments').filter((_, i) => i !== index));
  };

  useImperativeHandle(ref, () => ({ commentOn: addComment }));

  // Approving publishes the figures: asked once more, in a dialog.
  const [approving, setApproving] = useState<ReviewInput | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = form.handleSubmit(async (input) => {
    if (input.decision === 'approve') setApproving(input);
    else await decide(input);
  });

  async function decide(input: ReviewInput) {
    setFailure(null);
    setPending(true);
    try {
      await onDecide(input);
    } catch (error) {
      const list = form.getValues('fieldComments');
      let first = true;
      for (const issue of issuesOf(error)) {
        const index = issue.field.startsWith('fieldComments.') ? list.findIndex((c) => `fieldComments.${c.path}` === issue.field) : -1;
        const name = index >= 0 ? (`fieldComments.${index}.text` as const) : issue.field === 'comment' || issue.field === 'decision' ? issue.field : null;
        if (!name) continue;
        // A code the web app words itself, or (for a domain rule without one) the server's sentence.
        const message = issue.code === 'invalid' ? issue.message : issue.code;
        form.setError(name, { type: 'server', message, types: issue.params as Record<string, string> }, { shouldFocus: first });
        first = false;
      }
      setFailure(errorMessageOf(error, t));
    } finally {
      setPending(false);
    }
  }

  const commentedNow = new Set(comments.fields.map((c) => c.path));
  const available = commentTargets.map((g) => ({ ...g, paths: g.paths.filter((p) => !commentedNow.has(p)) }));
  const commentErrors = errors.fieldComments;

  return (
    <form className="form decision-form" noValidate aria-labelledby="decision-title" onSubmit={(e) => void onSubmit(e)}>
      <h2 id="decision-title">{t('review:decision.title')}</h2>
      <fieldset className="field decision-choices" aria-describedby={errors.decision ? 'decision-error' : undefined}>
        <legend>{t('review:decision.legend')}</legend>
        <label className="choice">
          <input type="radio" value="approve" {...register('decision')} />
          {t('review:decision.approve')}
        </label>
        <label className="choice">
          <input type="radio" value="return" {...register('decision')} />
          {t('review:decision.return')}
        </label>
        {errors.decision ? (
          <p id="decision-error" className="field__error">
            {errors.decision.type === 'server' ? <ErrorText error={errors.decision} /> : t('review:decision.choose')}
          </p>
        ) : null}
      </fieldset>

      <div className="field">
        <label htmlFor="review-comment">
          {decision === 'return' ? t('review:decision.comment') : t('review:decision.commentOptional')}
        </label>
        <p id="review-comment-hint" className="field__hint">
          {t('review:decision.commentHint')}
        </p>
        <textarea
          id="review-comment"
          rows={4}
          maxLength={5000}
          {...register('comment')}
          aria-invalid={!!errors.comment || undefined}
          aria-describedby={['review-comment-hint', errors.comment ? 'comment-error' : null].filter(Boolean).join(' ')}
        />
        {errors.comment ? (
          <p id="comment-error" className="field__error">
            <ErrorText error={errors.comment} />
          </p>
        ) : null}
      </div>

      {decision === 'return' ? (
        <fieldset className="field field-comments">
          <legend>{t('review:decision.fieldComments')}</legend>
          <p className="field__hint">{t('review:decision.fieldCommentsHint')}</p>
          {comments.fields.map((c, index) => {
            const id = commentId(c.path);
            const error = commentErrors?.[index]?.text;
            const errorId = `fieldComments-${c.path.replaceAll('.', '-')}-error`;
            return (
              <div key={c.id} className="field field-comments__item">
                <label htmlFor={id}>{t('review:decision.commentOn', { field: fieldLabelOf(t, c.path) })}</label>
                <textarea
                  id={id}
                  rows={2}
                  maxLength={2000}
                  {...register(`fieldComments.${index}.text`)}
                  aria-invalid={!!error || undefined}
                  aria-describedby={error ? errorId : undefined}
                />
                {error ? (
                  <p id={errorId} className="field__error">
                    {error.type === 'server' ? <ErrorText error={error} /> : t('review:decision.writeComment')}
                  </p>
                ) : null}
                <button type="button" className="button button--ghost button--small" onClick={() => removeComment(index)}>
                  {t('review:decision.removeComment')}
                </button>
              </div>
            );
          })}
          <div className="field-comments__add">
            <div className="field">
              <label htmlFor="field-comment-picker">{t('review:decision.fieldPicker')}</label>
              <select id="field-comment-picker" value={picked} onChange={(e) => setPicked(e.target.value)}>
                <option value="">{t('review:decision.chooseField')}</option>
                {available.map((g) => (
                  <optgroup key={g.group || 'report'} label={g.group ? t(`indicators:${g.group}.title`) : t('review:decision.reportGroup')}>
                    {g.paths.map((p) => (
                      <option key={p} value={p}>
                        {p === 'currency'
                          ? t('report:reportCurrency')
                          : p.includes('.')
                            ? fieldLabelOf(t, p).split(': ').slice(1).join(': ')
                            : t('review:decision.wholeSection')}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button"
              disabled={!picked}
              onClick={() => {
                addComment(picked);
                setPicked('');
              }}
            >
              {t('review:decision.addComment')}
            </button>
          </div>
        </fieldset>
      ) : null}

      {failure ? (
        <p className="alert alert--error" role="alert">
          {failure}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending
            ? t('review:decision.saving')
            : decision === 'return'
              ? t('review:decision.submitReturn')
              : decision === 'approve'
                ? t('review:decision.submitApprove')
                : t('review:decision.submit')}
        </button>
      </div>
      <ConfirmDialog
        open={approving !== null}
        title={t('review:decision.confirmTitle')}
        confirmLabel={t('review:decision.submitApprove')}
        cancelLabel={t('review:decision.confirmCancel')}
        onConfirm={() => {
          const input = approving;
          setApproving(null);
          if (input) void decide(input);
        }}
        onCancel={() => setApproving(null)}
      >
        <p>{t('review:decision.confirmText')}</p>
      </ConfirmDialog>
    </form>
  );
});
