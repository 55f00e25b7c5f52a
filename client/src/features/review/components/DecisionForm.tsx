// Approve, or return with a comment and optional comments on named fields; either alone or "and next"
// (the page then opens the next report of the queue). react-hook-form checks the decision with the API's
// own schema (reviewInput) before it is sent; the server's messages land on the same fields. The form's
// state is the page's (useDecisionForm): a field's comment is written beside that field in the report
// (FieldCommentBox), and only comments on fields the report view does not show are written here.
import { createContext, useContext, useRef, useState } from 'react';
import { useFieldArray, useForm, useFormContext, useWatch, type FieldError, type Resolver } from 'react-hook-form';
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

type ReviewInput = z.output<typeof reviewInput>;

/** The form's own shape: field comments as a list (their paths have dots, which react-hook-form would nest). */
interface DecisionValues {
  decision: ReviewDecision | null;
  comment: string;
  fieldComments: { path: string; text: string }[];
}

interface Props {
  /** `next`: open the next report of the queue afterwards. */
  onDecide: (input: ReviewInput, next: boolean) => Promise<unknown>;
  /** The paths the report view shows with a comment box beside them. */
  besideFields: ReadonlySet<string>;
}

export const commentId = (path: string) => `field-comment-${path.replaceAll('.', '-')}`;

/** The field comments of the decision, as the report view and the form both reach them. */
export interface FieldComments {
  /** Each comment's path, in the order written, with react-hook-form's key. */
  fields: { id: string; path: string }[];
  /** Opens (or focuses) the comment box of a field and switches the decision to "return". */
  open(path: string): void;
  remove(path: string): void;
}

const FieldCommentsContext = createContext<FieldComments | null>(null);
export const FieldCommentsProvider = FieldCommentsContext.Provider;
export function useFieldComments(): FieldComments {
  const context = useContext(FieldCommentsContext);
  if (!context) throw new Error('useFieldComments outside FieldCommentsProvider');
  return context;
}

/** The decision's form, held by the page so that comments can sit beside the fields they name. */
export function useDecisionForm(organizationId: number, year: number) {
  const form = useForm<DecisionValues, unknown, ReviewInput>({
    resolver: decisionResolver(organizationId, year),
    defaultValues: { decision: null, comment: '', fieldComments: [] },
  });
  const array = useFieldArray({ control: form.control, name: 'fieldComments' });
  const comments: FieldComments = {
    fields: array.fields,
    open(path) {
      if (!form.getValues('fieldComments').some((c) => c.path === path)) array.append({ path, text: '' }, { shouldFocus: false });
      form.setValue('decision', 'return');
      requestAnimationFrame(() => {
        const box = document.getElementById(commentId(path));
        box?.focus();
        box?.scrollIntoView({ block: 'center' });
      });
    },
    remove(path) {
      const index = form.getValues('fieldComments').findIndex((c) => c.path === path);
      if (index >= 0) array.remove(index);
    },
  };
  return { form, comments };
}

/** One field's comment, beside the field (or in the decision form for a field the view does not show). */
export function FieldCommentBox({ path }: { path: string }) {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const { register, formState } = useFormContext<DecisionValues>();
  const comments = useFieldComments();
  const index = comments.fields.findIndex((c) => c.path === path);
  if (index < 0) return null;
  const id = commentId(path);
  const error = formState.errors.fieldComments?.[index]?.text;
  const errorId = `fieldComments-${path.replaceAll('.', '-')}-error`;
  return (
    <div key={comments.fields[index]!.id} className="field field-comment-box" data-comment-field={path}>
      <label htmlFor={id}>{t('review:decision.commentOn', { field: path === 'currency' ? t('report:reportCurrency') : fieldLabelOf(t, path) })}</label>
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
      <button type="button" className="button button--ghost button--small" onClick={() => comments.remove(path)}>
        {t('review:decision.removeComment')}
      </button>
    </div>
  );
}

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

export function DecisionForm({ onDecide, besideFields }: Props) {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const form = useFormContext<DecisionValues, unknown, ReviewInput>();
  const { register, formState } = form;
  const { errors } = formState;
  const comments = useFieldComments();
  const decision = useWatch({ control: form.control, name: 'decision' });
  const [picked, setPicked] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  // Approving counts the figures at once (and in the next release): asked once more, in a dialog.
  const [approving, setApproving] = useState<{ input: ReviewInput; next: boolean } | null>(null);
  const [pending, setPending] = useState(false);
  /** Which button sent the form: "… and next" opens the next report of the queue afterwards. */
  const nextRef = useRef(false);

  const onSubmit = form.handleSubmit(
    async (input) => {
      const next = nextRef.current;
      nextRef.current = false;
      if (input.decision === 'approve') setApproving({ input, next });
      else await decide(input, next);
    },
    () => {
      nextRef.current = false;
    },
  );

  async function decide(input: ReviewInput, next: boolean) {
    setFailure(null);
    setPending(true);
    try {
      await onDecide(input, next);
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
  const writtenBeside = comments.fields.filter((c) => besideFields.has(c.path));
  const submitLabel = (next: boolean) => {
    if (decision === 'return') return next ? t('review:decision.submitReturnNext') : t('review:decision.submitReturn');
    if (decision === 'approve') return next ? t('review:decision.submitApproveNext') : t('review:decision.submitApprove');
    return next ? t('review:decision.submitNext') : t('review:decision.submit');
  };

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
          {writtenBeside.length > 0 ? (
            <div className="field-comments__beside">
              <p>{t('review:decision.besideFields', { count: writtenBeside.length })}</p>
              <ul>
                {writtenBeside.map((c) => (
                  <li key={c.id}>
                    <a href={`#${commentId(c.path)}`} onClick={(e) => { e.preventDefault(); comments.open(c.path); }}>
                      {c.path === 'currency' ? t('report:reportCurrency') : fieldLabelOf(t, c.path)}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {comments.fields
            .filter((c) => !besideFields.has(c.path))
            .map((c) => (
              <FieldCommentBox key={c.id} path={c.path} />
            ))}
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
                comments.open(picked);
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
      <div className="decision-buttons">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('review:decision.saving') : submitLabel(false)}
        </button>
        {/* A plain button (one submit button per form): it sends the same form, then opens the next report. */}
        <button
          type="button"
          className="button"
          disabled={pending}
          onClick={() => {
            nextRef.current = true;
            void onSubmit();
          }}
        >
          {submitLabel(true)}
        </button>
      </div>
      <ConfirmDialog
        open={approving !== null}
        title={t('review:decision.confirmTitle')}
        confirmLabel={approving?.next ? t('review:decision.submitApproveNext') : t('review:decision.submitApprove')}
        cancelLabel={t('review:decision.confirmCancel')}
        onConfirm={() => {
          const asked = approving;
          setApproving(null);
          if (asked) void decide(asked.input, asked.next);
        }}
        onCancel={() => setApproving(null)}
      >
        <p>{t('review:decision.confirmText')}</p>
      </ConfirmDialog>
    </form>
  );
}
