// Sign-in. The form checks its fields with the same zod schema the server uses (loginInput), shows
// each message beside its field, and shows the server's answer (wrong password, too many attempts).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { codedIssueOf, type CodedIssue } from '@lpt/shared/messages';
import { loginInput } from '@lpt/shared/schemas';
import { messageText } from '../../lib/messages.ts';
import { homeOf, useMe } from '../../lib/session.ts';
import { errorCodeOf, errorMessageOf, issuesOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';
import './auth.css';

type Field = 'email' | 'password';
/** Each field's first problem, as a message code with its parameters. */
type FieldErrors = Partial<Record<Field, Pick<CodedIssue, 'code' | 'params'>>>;

/** Only same-site paths are followed after sign-in (never "//evil.example"). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation(['auth', 'validation']);
  usePageTitle(t('auth:title'));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { user } = useMe();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async ({ user: signedIn }) => {
        // Answers cached before signing in were for the public; fetch them again with the session.
        queryClient.removeQueries();
        queryClient.setQueryData(trpc.auth.me.queryKey(), signedIn);
        await navigate(next ?? homeOf(signedIn.role), { replace: true });
      },
      onError: (error) => {
        const errors: FieldErrors = {};
        for (const issue of issuesOf(error)) if (issue.field === 'email' || issue.field === 'password') errors[issue.field] ??= issue;
        setFieldErrors(errors);
      },
    }),
  );

  if (user && !login.isPending && !login.isSuccess) return <Navigate to={next ?? homeOf(user.role)} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = loginInput.safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        errors[field] ??= codedIssueOf(issue);
      }
      setFieldErrors(errors);
      login.reset();
      // Take the keyboard to the first field that needs attention.
      const first = (['email', 'password'] as const).find((f) => errors[f]);
      if (first) document.getElementById(`login-${first}`)?.focus();
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data);
  }

  const failure = login.isError && !fieldErrors.email && !fieldErrors.password ? errorCodeOf(login.error) : undefined;
  const serverMessage =
    failure === undefined
      ? null
      : failure === 'UNAUTHORIZED'
        ? t('auth:wrongCredentials')
        : failure === 'TOO_MANY_REQUESTS'
          ? t('auth:tooManyAttempts')
          : errorMessageOf(login.error, t);
  const errorText = (field: Field) => {
    const error = fieldErrors[field];
    return error ? messageText(t, error.code, error.params) : undefined;
  };

  return (
    <section className="page page--narrow auth-page">
      <div className="card auth-card">
        <h1>{t('auth:title')}</h1>
        <p className="muted">{t('auth:lead')}</p>
        {serverMessage ? (
          <div className="alert alert--error" role="alert">
            {serverMessage}
          </div>
        ) : null}
        <form noValidate onSubmit={onSubmit} className="form">
          <TextField
            id="login-email"
            name="email"
            label={t('auth:email')}
            type="email"
            autoComplete="username"
            error={errorText('email')}
          />
          <TextField
            id="login-password"
            name="password"
            label={t('auth:password')}
            type="password"
            autoComplete="current-password"
            error={errorText('password')}
          />
          <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
            {login.isPending ? t('auth:signingIn') : t('auth:submit')}
          </button>
        </form>
        <p>
          <Link className="auth-card__link" to="/forgot-password">{t('auth:forgotLink')}</Link>
        </p>
      </div>
    </section>
  );
}

function TextField(props: {
  id: string;
  name: string;
  label: string;
  type: string;
  autoComplete: string;
  error: string | undefined;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className={`field${props.error ? ' field--invalid' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        required
      />
      {props.error ? (
        <p className="field__error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
