// Sign-in. The form checks its fields with the same zod schema the server uses (loginInput), shows
// each message beside its field, and shows the server's answer (wrong password, too many attempts).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { loginInput } from '@lpt/shared/schemas';
import { homeOf, useMe } from '../../lib/session.ts';
import { errorMessageOf, fieldErrorsOf, useTRPC } from '../../lib/trpc.ts';
import { usePageTitle } from '../../lib/usePageTitle.ts';

type Field = 'email' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

/** Only same-site paths are followed after sign-in (never "//evil.example"). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  usePageTitle('Sign in');
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
        const server = fieldErrorsOf(error);
        setFieldErrors({ email: server.email?.[0], password: server.password?.[0] });
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
        errors[field] ??= issue.message;
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

  const serverMessage = login.isError && !fieldErrors.email && !fieldErrors.password ? errorMessageOf(login.error) : null;

  return (
    <section className="page page--narrow auth-page">
      <div className="card auth-card">
        <h1>Sign in</h1>
        <p className="muted">
          Signatories report their organisation’s progress; coordinators review; donors see per-organisation figures.
          The dashboard is open to everyone without signing in.
        </p>
        {serverMessage ? (
          <div className="alert alert--error" role="alert">
            {serverMessage}
          </div>
        ) : null}
        <form noValidate onSubmit={onSubmit} className="form">
          <TextField
            id="login-email"
            name="email"
            label="E-mail address"
            type="email"
            autoComplete="username"
            error={fieldErrors.email}
          />
          <TextField
            id="login-password"
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            error={fieldErrors.password}
          />
          <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
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
