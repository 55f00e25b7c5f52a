// The signatory's answer to one comment of a return: shown under the comment, written in a small form
// (react-hook-form with the shared schema), sent at once and rewritable until the report is submitted.
// The reviewer reads it beside the changes when the report comes back.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { replyToCommentInput } from '@lpt/shared/schemas';
import { codedResolver } from '../../../lib/codedResolver.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useTRPC, useTRPCClient } from '../../../lib/trpc.ts';
import { FormField, submitWithServerErrors, FormServerError } from '../../../ui/FormField.tsx';

type Input = z.input<typeof replyToCommentInput>;
type Values = z.output<typeof replyToCommentInput>;

export interface Reply {
  reply: string;
  repliedAt: string;
  authorName: string;
}

export function CommentReply(props: { organizationId: number; year: number; field: string; label: string; reply: Reply | undefined }) {
  const { t } = useTranslation(['report', 'validation']);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(!props.reply);
  const id = `reply-${props.field.replaceAll('.', '-')}`;
  const form = useForm<Input, unknown, Values>({
    resolver: codedResolver(replyToCommentInput),
    defaultValues: { organizationId: props.organizationId, year: props.year, field: props.field, reply: props.reply?.reply ?? '' },
  });
  const send = useMutation({ mutationFn: (values: Values) => client.reports.replyToComment.mutate(values) });
  const onSubmit = submitWithServerErrors(form, ['reply'], async (values) => {
    await send.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.reports.get.queryKey({ organizationId: props.organizationId, year: props.year }) });
    setEditing(false);
  });

  if (!editing && props.reply)
    return (
      <div className="comment-reply">
        <p className="comment-reply__text">
          <strong>{t('report:reply.yours')}</strong> {props.reply.reply}{' '}
          <span className="muted small">({formatDateTime(props.reply.repliedAt)})</span>
        </p>
        <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>
          {t('report:reply.edit')}
          <span className="visually-hidden"> {props.label}</span>
        </button>
      </div>
    );
  return (
    <form className="comment-reply comment-reply--form" noValidate onSubmit={onSubmit}>
      <FormField id={id} label={t('report:reply.label', { field: props.label })} error={form.formState.errors.reply}>
        <textarea rows={2} maxLength={2000} {...form.register('reply')} />
      </FormField>
      <FormServerError errors={form.formState.errors} />
      <button type="submit" className="button button--small" disabled={form.formState.isSubmitting}>
        {t('report:reply.send')}
      </button>
    </form>
  );
}
