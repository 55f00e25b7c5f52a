// Signatory organisations: the list, and one form to add or edit one. The region is never typed: it
// follows from the country (UN M49), shown as soon as a country is chosen. Kosovo carries the UN footnote.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { countryCodes, regionOf } from '@lpt/shared/countries';
import { disclosures, organizationTypes } from '@lpt/shared/enums';
import { organizationCreateInput } from '@lpt/shared/schemas';
import { formatDate, formatLocale } from '../../lib/format.ts';
import { countryLabel, organizationTypeLabel, regionLabel } from '../../lib/labels.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { emptyToNull, FormField, submitWithServerErrors, ErrorText } from '../../ui/FormField.tsx';
import './admin.css';

type Organization = RouterOutputs['organizations']['list'][number];
type OrganizationInput = z.input<typeof organizationCreateInput>;
type OrganizationValues = z.output<typeof organizationCreateInput>;

const fields = ['name', 'acronym', 'type', 'country', 'signedOn', 'implementationDeadline', 'disclosure', 'withdrawnOn'] as const;

/** A country's name in the reader's language; Kosovo with the asterisk of the UN footnote. */
const countryText = (code: string) => `${countryLabel(code, formatLocale())}${code === 'XK' ? '*' : ''}`;

/** The countries sorted by their names in the reader's language. */
function countriesByName(): string[] {
  const locale = formatLocale();
  const names = new Map(countryCodes.map((code) => [code, countryText(code)]));
  return [...countryCodes].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!, locale));
}

const disclosureLabel = (t: TFunction, d: (typeof disclosures)[number]) =>
  d === 'public' ? t('admin:organizations.disclosurePublic') : t('admin:organizations.disclosureAggregate');

export default function OrganizationsPage() {
  const { t } = useTranslation(['admin', 'validation']);
  usePageTitle(t('admin:organizations.title'));
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const list = useQuery(trpc.organizations.list.queryOptions(search.trim() ? { search: search.trim() } : {}));
  const editing = useAdminEditing<Organization>();
  const rows = list.data ?? [];
  const hasKosovo = rows.some((o) => o.country === 'XK');

  return (
    <AdminPage
      title={t('admin:organizations.title')}
      intro={t('admin:organizations.intro')}
      newLabel={t('admin:organizations.new')}
      editing={editing}
      form={
        editing.editing ? (
          <OrganizationForm
            key={editing.editing === 'new' ? 'new' : editing.editing.id}
            organization={editing.editing === 'new' ? null : editing.editing}
            onDone={editing.done}
            onCancel={editing.cancel}
          />
        ) : null
      }
    >
      <section className="card" aria-labelledby="organizations-title">
        <div className="section-bar">
          <h2 id="organizations-title">
            {t('admin:organizations.all')} {list.data ? <span className="muted">({rows.length})</span> : null}
          </h2>
          <div className="field field--inline">
            <label htmlFor="organization-search">{t('admin:organizations.search')}</label>
            <input
              id="organization-search"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('admin:organizations.searchPlaceholder')}
            />
          </div>
        </div>
        <AdminTable
          query={list}
          empty={t('admin:organizations.noMatch')}
          label={t('admin:organizations.all')}
          rowKey={(o) => o.id}
          columns={[
            {
              key: 'name',
              header: t('admin:organizations.name'),
              rowHeader: true,
              cell: (o) => (
                <>
                  {o.name}
                  {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
                  {o.withdrawnOn ? (
                    <>
                      {' '}
                      <span className="badge">{t('admin:organizations.withdrawn', { date: formatDate(o.withdrawnOn) })}</span>
                    </>
                  ) : null}
                </>
              ),
            },
            { key: 'type', header: t('admin:organizations.type'), cell: (o) => organizationTypeLabel(t, o.type) },
            { key: 'country', header: t('admin:organizations.country'), cell: (o) => countryText(o.country) },
            { key: 'region', header: t('admin:organizations.region'), cell: (o) => regionLabel(t, o.region) },
            { key: 'signed', header: t('admin:organizations.signed'), cell: (o) => formatDate(o.signedOn) },
            {
              key: 'disclosure',
              header: t('admin:organizations.disclosure'),
              cell: (o) => (o.disclosure === 'public' ? t('admin:organizations.public') : t('admin:organizations.aggregateOnly')),
            },
          ]}
          actions={(o) => (
            <button
              type="button"
              className="button button--small"
              aria-label={t('admin:organizations.editName', { name: o.name })}
              onClick={() => editing.edit(o)}
            >
              {t('admin:edit')}
            </button>
          )}
          after={hasKosovo ? <p className="footnote">* {t('common:kosovoFootnote')}</p> : null}
        />
      </section>
    </AdminPage>
  );
}

function OrganizationForm({
  organization,
  onDone,
  onCancel,
}: {
  organization: Organization | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation(['admin', 'validation']);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const countries = useMemo(() => countriesByName(), [i18n.language]);
  const create = useMutation(trpc.organizations.create.mutationOptions());
  const update = useMutation(trpc.organizations.update.mutationOptions());
  const defaults: OrganizationInput = useMemo(
    () =>
      organization
        ? {
            name: organization.name,
            acronym: organization.acronym,
            type: organization.type,
            country: organization.country,
            signedOn: organization.signedOn,
            implementationDeadline: organization.implementationDeadline,
            disclosure: organization.disclosure,
            withdrawnOn: organization.withdrawnOn,
          }
        : ({ name: '', acronym: null, signedOn: '', implementationDeadline: null, withdrawnOn: null } as unknown as OrganizationInput),
    [organization],
  );
  const form = useForm<OrganizationInput, unknown, OrganizationValues>({
    resolver: codedResolver(organizationCreateInput),
    defaultValues: defaults,
  });
  const { register } = form;
  const errors = form.formState.errors;
  const country = useWatch({ control: form.control, name: 'country' });
  const region = country ? regionOf(country) : undefined;
  const title = organization ? t('admin:organizations.editName', { name: organization.name }) : t('admin:organizations.new');

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    if (organization) await update.mutateAsync({ id: organization.id, ...values });
    else await create.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() });
    onDone(organization ? t('admin:organizations.saved', { name: values.name }) : t('admin:organizations.added', { name: values.name }));
  });

  return (
    <AdminForm
      titleId="organization-form-title"
      title={title}
      form={form}
      onSubmit={onSubmit}
      submitLabel={organization ? t('admin:saveChanges') : t('admin:organizations.add')}
      onCancel={onCancel}
    >
      <FormField id="org-name" label={t('admin:organizations.name')} error={errors.name}>
        <input type="text" autoComplete="off" {...register('name')} />
      </FormField>
      <FormField id="org-acronym" label={t('admin:organizations.acronym')} error={errors.acronym}>
        <input type="text" autoComplete="off" {...register('acronym', { setValueAs: emptyToNull })} />
      </FormField>
      <FormField id="org-type" label={t('admin:organizations.type')} error={errors.type}>
        <select {...register('type')}>
          <option value="">{t('admin:organizations.chooseType')}</option>
          {organizationTypes.map((type) => (
            <option key={type} value={type}>
              {organizationTypeLabel(t, type)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField
        id="org-country"
        label={t('admin:organizations.country')}
        error={errors.country}
        after={
          <>
            <p className="field__hint" aria-live="polite">
              {t('admin:organizations.regionIs')} <strong>{region ? regionLabel(t, region) : '—'}</strong>{' '}
              {t('admin:organizations.regionFollows')}
            </p>
            {country === 'XK' ? <p className="footnote">* {t('common:kosovoFootnote')}</p> : null}
          </>
        }
      >
        <select {...register('country')}>
          <option value="">{t('admin:organizations.chooseCountry')}</option>
          {countries.map((code) => (
            <option key={code} value={code}>
              {countryText(code)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="org-signed" label={t('admin:organizations.signedOn')} error={errors.signedOn}>
        <input type="date" {...register('signedOn')} />
      </FormField>
      <FormField
        id="org-deadline"
        label={t('admin:organizations.deadline')}
        error={errors.implementationDeadline}
      >
        <input type="date" {...register('implementationDeadline', { setValueAs: emptyToNull })} />
      </FormField>
      <FormField
        id="org-withdrawn"
        label={t('admin:organizations.withdrawnOn')}
        hint={t('admin:organizations.withdrawnHint')}
        error={errors.withdrawnOn}
      >
        <input type="date" {...register('withdrawnOn', { setValueAs: emptyToNull })} />
      </FormField>
      <fieldset className="field form--wide" aria-describedby={errors.disclosure ? 'org-disclosure-error' : undefined}>
        <legend>{t('admin:organizations.disclosure')}</legend>
        {disclosures.map((d) => (
          <label key={d} className="choice">
            <input type="radio" value={d} {...register('disclosure')} />
            {disclosureLabel(t, d)}
          </label>
        ))}
        {errors.disclosure ? (
          <p id="org-disclosure-error" className="field__error">
            <ErrorText error={errors.disclosure} />
          </p>
        ) : null}
      </fieldset>
    </AdminForm>
  );
}
