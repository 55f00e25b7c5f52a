// Who a report in the queue is assigned to, changed in place: nobody, oneself or another active
// coordinator. A refusal (an account deactivated since the list was read) is said beside the control.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/session.ts';
import { errorMessageOf, useTRPC } from '../../../lib/trpc.ts';

interface Props {
  organizationId: number;
  year: number;
  organizationName: string;
  assigneeId: number | null;
}

export function AssignControl({ organizationId, year, organizationName, assigneeId }: Props) {
  const { t } = useTranslation(['review', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = useMe();
  const reviewers = useQuery({ ...trpc.reports.reviewers.queryOptions(), staleTime: 60_000 });
  const assign = useMutation(trpc.reports.assign.mutationOptions());
  const [failure, setFailure] = useState<string | null>(null);
  const id = useId();

  async function change(value: string) {
    setFailure(null);
    try {
      await assign.mutateAsync({ organizationId, year, assigneeId: value ? Number(value) : null });
    } catch (error) {
      setFailure(errorMessageOf(error, t));
    }
    await queryClient.invalidateQueries({ queryKey: trpc.reports.queue.pathKey() });
  }

  const options = reviewers.data ?? [];
  return (
    <div className="assign-control">
      <label htmlFor={id} className="visually-hidden">
        {t('review:assign.label', { name: organizationName })}
      </label>
      <select id={id} value={assigneeId ?? ''} disabled={assign.isPending || reviewers.isPending} onChange={(e) => void change(e.target.value)}>
        <option value="">{t('review:assign.nobody')}</option>
        {/* The assignee is listed even if deactivated since: the select shows what is stored. */}
        {assigneeId !== null && !options.some((r) => r.id === assigneeId) ? <option value={assigneeId}>{t('review:assign.someone')}</option> : null}
        {options.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id === user?.id ? t('review:assign.me', { name: r.name }) : r.name}
          </option>
        ))}
      </select>
      {failure ? (
        <p className="field__error" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
