// Approve, or return with a comment and optional comments on named fields. Checked with the API's own
// schema (reviewInput) before it is sent; the server's messages land on the same fields.
import { codedIssueOf } from '@lpt/shared/messages';
import { messageText } from '../../../lib/messages.ts';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../../lib/fieldLabel.ts';
import { commitments, leadershipCategories, type Commitment, type ReviewDecision } from '@lpt/shared/enums';
import { emptyReportData } from '@lpt/shared/report';
import { reviewInput } from '@lpt/shared/schemas';
import { errorMessageOf, issuesOf } from '../../../lib/trpc.ts';
import { issueText } from '../formatField.ts';

/** Every field a comment may name, grouped by section ('' = the report as a whole), as the server accepts them. */
const commentTargets: { group: Commitment | ''; paths: string[] }[] = [
  { group: '', paths: ['currency'] },
  ...commitments.map((section) => ({
    group: section,
    paths: [
      section,
      ...Object.keys(emptyReportData()[section]).flatMap((field) =>
        field === 'partnersByLeadership'
          ? leadershipCategories.map((c) => `${section}.${field}.${c}`)
          : [`${section}.${field}`],
      ),
    ],
  })),
];

export interface DecisionFormHandle {
  /** Adds (or focuses) a comment on a field, and switches the decision to "return". */
  commentOn(path: string): void;
}

interface Props {
  organizationId: number;
  year: number;
  onDecide: (input: {
    organizationId: number;
    year: number;
    decision: ReviewDecision;
    comment: string;
    fieldComments?: Record<string, string>;
  }) => Promise<unknown>;
  onCommentsChange?: (paths: ReadonlySet<string>) => void;
}

const commentId = (path: string) => `field-comment-${path.replaceAll('.', '-')}`;

export const DecisionForm = forwardRef<DecisionFormHandle, Props>(function DecisionForm(
  { organizationId, year, onDecide, onCommentsChange },
  ref,
) {
  const { t } = useTranslation(['review', 'report', 'indicators', 'validation']);
  const [decision, setDecision] = useState<ReviewDecision | null>(null);
  const [comment, setComment] = useState('');
  const [fieldComments, setFieldComments] = useState<{ path: string; text: string }[]>([]);
  const [picked, setPicked] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const decisionRef = useRef<HTMLInputElement>(null);

  const updateComments = (next: { path: string; text: string }[]) => {
    setFieldComments(next);
    onCommentsChange?.(new Set(next.map((c) => c.path)));
  };

  const addComment = (path: string) => {
    if (!fieldComments.some((c) => c.path === path)) updateComments([...fieldComments, { path, text: '' }]);
    setDecision('return');
    requestAnimationFrame(() => document.getElementById(commentId(path))?.focus());
  };

  useImperativeHandle(ref, () => ({ commentOn: addComment }));

  async function submit() {
    setFailure(null);
    const input = {
      organizationId,
      year,
      decision: decision as ReviewDecision,
      comment: comment.trim(),
      ...(decision === 'return' && fieldComments.length > 0
        ? { fieldComments: Object.fromEntries(fieldComments.map((c) => [c.path, c.text.trim()])) }
        : {}),
    };
    const found: Record<string, string> = {};
    if (!decision) found.decision = t('review:decision.choose');
    const parsed = reviewInput.safeParse(input);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const key = issue.path.join('.');
        found[key] ??= key.startsWith('fieldComments.')
          ? t('review:decision.writeComment')
          : messageText(t, issue.message, codedIssueOf(issue).params);
      }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0]!;
      const target =
        first === 'decision'
          ? decisionRef.current
          : first.startsWith('fieldComments.')
            ? document.getElementById(commentId(first.slice('fieldComments.'.length)))
            : document.getElementById('review-comment');
      target?.focus();
      return;
    }
    setPending(true);
    try {
      await onDecide(input);
    } catch (error) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of issuesOf(error)) fieldErrors[issue.field] ??= issueText(t, issue);
      setErrors(fieldErrors);
      setFailure(errorMessageOf(error, t));
    } finally {
      setPending(false);
    }
  }

  const errorFor = (key: string) =>
    errors[key] ? (
      <p id={`${key.replaceAll('.', '-')}-error`} className="field__error">
        {errors[key]}
      </p>
    ) : null;
  const describedBy = (key: string) => (errors[key] ? `${key.replaceAll('.', '-')}-error` : undefined);
  const available = commentTargets.map((g) => ({ ...g, paths: g.paths.filter((p) => !fieldComments.some((c) => c.path === p)) }));

  return (
    <form
      className="form decision-form"
      noValidate
      aria-labelledby="decision-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="decision-title">{t('review:decision.title')}</h2>
      <fieldset className="field decision-choices" aria-describedby={describedBy('decision')}>
        <legend>{t('review:decision.legend')}</legend>
        <label className="choice">
          <input
            ref={decisionRef}
            type="radio"
            name="decision"
            value="approve"
            checked={decision === 'approve'}
            onChange={() => setDecision('approve')}
          />
          {t('review:decision.approve')}
        </label>
        <label className="choice">
          <input type="radio" name="decision" value="return" checked={decision === 'return'} onChange={() => setDecision('return')} />
          {t('review:decision.return')}
        </label>
        {errorFor('decision')}
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
          value={comment}
          maxLength={5000}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={!!errors.comment || undefined}
          aria-describedby={['review-comment-hint', describedBy('comment')].filter(Boolean).join(' ')}
        />
        {errorFor('comment')}
      </div>

      {decision === 'return' ? (
        <fieldset className="field field-comments">
          <legend>{t('review:decision.fieldComments')}</legend>
          <p className="field__hint">{t('review:decision.fieldCommentsHint')}</p>
          {fieldComments.map((c, index) => (
            <div key={c.path} className="field field-comments__item">
              <label htmlFor={commentId(c.path)}>{t('review:decision.commentOn', { field: fieldLabelOf(t, c.path) })}</label>
              <textarea
                id={commentId(c.path)}
                rows={2}
                maxLength={2000}
                value={c.text}
                onChange={(e) =>
                  updateComments(fieldComments.map((x, i) => (i === index ? { ...x, text: e.target.value } : x)))
                }
                aria-invalid={!!errors[`fieldComments.${c.path}`] || undefined}
                aria-describedby={describedBy(`fieldComments.${c.path}`)}
              />
              {errorFor(`fieldComments.${c.path}`)}
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => updateComments(fieldComments.filter((x) => x.path !== c.path))}
              >
                {t('review:decision.removeComment')}
              </button>
            </div>
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
    </form>
  );
});
