// Signatory organisations: the list, and one form to add or edit one. The region is never typed: it
// follows from the country (UN M49), shown as soon as a country is chosen. Kosovo carries the UN footnote.
import { codedResolver } from '../../lib/codedResolver.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { countryCodes, countryName, KOSOVO_FOOTNOTE, regionOf } from '@lpt/shared/countries';
import { disclosures, organizationTypes } from '@lpt/shared/enums';
import { organizationCreateInput } from '@lpt/shared/schemas';
import { formatDate } from '../../lib/format.ts';
import { organizationTypeLabels, regionLabels } from '../../lib/labels.ts';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import { AdminForm } from './components/AdminForm.tsx';
import { AdminPage, useAdminEditing } from './components/AdminPage.tsx';
import { AdminTable } from './components/AdminTable.tsx';
import { emptyToNull, FormField, submitWithServerErrors, ErrorText } from './components/FormField.tsx';
import './admin.css';

type Organization = RouterOutputs['organizations']['list'][number];
type OrganizationInput = z.input<typeof organizationCreateInput>;
type OrganizationValues = z.output<typeof organizationCreateInput>;

const fields = ['name', 'acronym', 'type', 'country', 'signedOn', 'implementationDeadline', 'disclosure', 'withdrawnOn'] as const;

const disclosureLabels: Record<(typeof disclosures)[number], string> = {
  public: 'Public — its own figures may be shown to donors',
  aggregate_only: 'Aggregate only — its figures only ever appear inside aggregates',
};

const countriesByName = [...countryCodes].sort((a, b) => countryName(a).localeCompare(countryName(b), 'en'));

export default function OrganizationsPage() {
  usePageTitle('Organisations');
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const list = useQuery(trpc.organizations.list.queryOptions(search.trim() ? { search: search.trim() } : {}));
  const editing = useAdminEditing<Organization>();
  const rows = list.data ?? [];
  const hasKosovo = rows.some((o) => o.country === 'XK');

  return (
    <AdminPage
      title="Organisations"
      intro="The signatories of the pledge. Reports, metrics and reminders follow from what is recorded here."
      newLabel="New organisation"
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
          <h2 id="organizations-title">All organisations {list.data ? <span className="muted">({rows.length})</span> : null}</h2>
          <div className="field field--inline">
            <label htmlFor="organization-search">Search</label>
            <input id="organization-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or acronym" />
          </div>
        </div>
        <AdminTable
          query={list}
          empty="No organisation matches."
          columns={
            <>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Country</th>
              <th scope="col">Region</th>
              <th scope="col">Signed</th>
              <th scope="col">Disclosure</th>
            </>
          }
          row={(o) => (
            <tr key={o.id}>
              <th scope="row">
                {o.name}
                {o.acronym ? <span className="muted"> ({o.acronym})</span> : null}
                {o.withdrawnOn ? (
                  <>
                    {' '}
                    <span className="badge">Withdrawn {formatDate(o.withdrawnOn)}</span>
                  </>
                ) : null}
              </th>
              <td>{organizationTypeLabels[o.type]}</td>
              <td>{countryName(o.country)}</td>
              <td>{regionLabels[o.region]}</td>
              <td>{formatDate(o.signedOn)}</td>
              <td>{o.disclosure === 'public' ? 'Public' : 'Aggregate only'}</td>
              <td>
                <button type="button" className="button button--small" aria-label={`Edit ${o.name}`} onClick={() => editing.edit(o)}>
                  Edit
                </button>
              </td>
            </tr>
          )}
          after={hasKosovo ? <p className="footnote">* {KOSOVO_FOOTNOTE}</p> : null}
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
  const trpc = useTRPC();
  const queryClient = useQueryClient();
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
  const title = organization ? `Edit ${organization.name}` : 'New organisation';

  const onSubmit = submitWithServerErrors(form, fields, async (values) => {
    if (organization) await update.mutateAsync({ id: organization.id, ...values });
    else await create.mutateAsync(values);
    await queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() });
    onDone(organization ? `Saved ${values.name}.` : `Added ${values.name}.`);
  });

  return (
    <AdminForm
      titleId="organization-form-title"
      title={title}
      form={form}
      onSubmit={onSubmit}
      submitLabel={organization ? 'Save changes' : 'Add organisation'}
      onCancel={onCancel}
    >
      <FormField id="org-name" label="Name" error={errors.name}>
        <input type="text" autoComplete="off" {...register('name')} />
      </FormField>
      <FormField id="org-acronym" label="Acronym (optional)" error={errors.acronym}>
        <input type="text" autoComplete="off" {...register('acronym', { setValueAs: emptyToNull })} />
      </FormField>
      <FormField id="org-type" label="Type" error={errors.type}>
        <select {...register('type')}>
          <option value="">Choose a type…</option>
          {organizationTypes.map((t) => (
            <option key={t} value={t}>
              {organizationTypeLabels[t]}
            </option>
          ))}
        </select>
      </FormField>
      <FormField
        id="org-country"
        label="Country"
        error={errors.country}
        after={
          <>
            <p className="field__hint" aria-live="polite">
              Region: <strong>{region ? regionLabels[region] : '—'}</strong> (follows from the country)
            </p>
            {country === 'XK' ? <p className="footnote">* {KOSOVO_FOOTNOTE}</p> : null}
          </>
        }
      >
        <select {...register('country')}>
          <option value="">Choose a country…</option>
          {countriesByName.map((code) => (
            <option key={code} value={code}>
              {countryName(code)}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="org-signed" label="Pledge signed on" error={errors.signedOn}>
        <input type="date" {...register('signedOn')} />
      </FormField>
      <FormField
        id="org-deadline"
        label="Tentative implementation deadline (optional)"
        error={errors.implementationDeadline}
      >
        <input type="date" {...register('implementationDeadline', { setValueAs: emptyToNull })} />
      </FormField>
      <FormField
        id="org-withdrawn"
        label="Withdrawn from the pledge on (optional)"
        hint="From this date the organisation is no longer expected to report."
        error={errors.withdrawnOn}
      >
        <input type="date" {...register('withdrawnOn', { setValueAs: emptyToNull })} />
      </FormField>
      <fieldset className="field form--wide" aria-describedby={errors.disclosure ? 'org-disclosure-error' : undefined}>
        <legend>Disclosure</legend>
        {disclosures.map((d) => (
          <label key={d} className="choice">
            <input type="radio" value={d} {...register('disclosure')} />
            {disclosureLabels[d]}
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
