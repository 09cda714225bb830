/** Sign in (POST /v1/auth/login) and sign up (POST /v1/auth/register); afterwards, back to the page that asked. */
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { useSession } from '../session';

type Role = 'borrower' | 'investor';

export function SignIn() {
  const { t, language } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['investor']);
  const [problem, setProblem] = useState<Explained>();
  const [notice, setNotice] = useState('');
  // Only a path on this site: never an address elsewhere.
  const next = /^\/(?!\/)/.test(search.get('next') ?? '') ? (search.get('next') as string) : '/';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNotice('');
    if (mode === 'sign-up') {
      const result = await api.POST('/v1/auth/register', { body: { username, password, roles } });
      setProblem(explainResult(result, t, language));
      if (result.data) {
        setMode('sign-in');
        setNotice(t.registered);
      }
      return;
    }
    const result = await api.POST('/v1/auth/login', { body: { username, password } });
    setProblem(explainResult(result, t, language));
    if (result.data) {
      signIn(result.data.accessToken);
      void navigate(next, { replace: true });
    }
  }

  const toggleRole = (role: Role) => setRoles((current) => (current.includes(role) ? current.filter((held) => held !== role) : [...current, role]));
  return (
    <>
      <h1>{mode === 'sign-in' ? t.signIn : t.signUp}</h1>
      {notice ? (
        <p role="status" className="success">
          {notice}
        </p>
      ) : null}
      <form className="narrow-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label={t.username} name="username" error={problem?.fields.username}>
          {(props) => <input {...props} autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} />}
        </Field>
        <Field label={t.password} name="password" error={problem?.fields.password}>
          {(props) => <input {...props} type="password" autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'} value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
        {mode === 'sign-up' ? (
          <fieldset aria-invalid={Boolean(problem?.fields.roles)}>
            <legend>{t.roles}</legend>
            {(['borrower', 'investor'] as const).map((role) => (
              <label key={role} className="check">
                <input type="checkbox" checked={roles.includes(role)} onChange={() => toggleRole(role)} />
                {role === 'borrower' ? t.roleBorrower : t.roleInvestor}
              </label>
            ))}
            {problem?.fields.roles ? <p className="field-error">{problem.fields.roles}</p> : null}
          </fieldset>
        ) : null}
        <button type="submit">{mode === 'sign-in' ? t.signIn : t.signUp}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setProblem(undefined);
          setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in');
        }}
      >
        {mode === 'sign-in' ? t.noAccount : t.haveAccount}
      </button>
    </>
  );
}
