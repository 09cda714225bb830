/**
 * An API error (an RFC 9457 problem document, docs/api.md) for a person: a message for the
 * form and one next to each field at fault, in the user's language. In Chinese the field's
 * own hint is shown; in English the API's message, which is English.
 */
import { useId } from 'react';
import { asProblem, type Problem } from './api/client';
import type { Language, Messages } from './i18n';

export interface Explained {
  readonly form: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly requestId?: string;
}

/** `body.amount` → `amount`; query and path fields the same way. */
const fieldOf = (path: string) => path.replace(/^(body|query|path)\./, '').split('.')[0] ?? path;

export function explain(problem: Problem, t: Messages, language: Language): Explained {
  const fields: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const field = fieldOf(error.path);
    fields[field] = language === 'en' ? error.message : (t.fields[field] ?? t.fieldInvalid);
  }
  const general = t.problems[String(problem.status)] ?? t.problems[problem.status >= 500 ? '500' : '400'] ?? '';
  const form = language === 'en' && problem.detail ? problem.detail : general;
  return { form, fields, ...(problem.instance ? { requestId: problem.instance } : {}) };
}

/** What an openapi-fetch call's `error` and `response` say, explained; a failed fetch is the network's fault. */
export function explainResult(result: { error?: unknown; response?: Response }, t: Messages, language: Language): Explained | undefined {
  if (!result.response) return { form: t.problems.network ?? '', fields: {} };
  if (result.response.ok) return undefined;
  return explain(asProblem(result.error, result.response.status), t, language);
}

export function FormError({ explained, requestIdLabel }: { explained: Explained | undefined; requestIdLabel: string }) {
  if (!explained) return null;
  return (
    <p className="form-error" role="alert">
      {explained.form}
      {explained.requestId ? <small> ({requestIdLabel}: {explained.requestId})</small> : null}
    </p>
  );
}

/** A labelled input with the API's complaint about it, if any, tied to it by aria-describedby. */
export function Field({ label, name, error, children }: { label: string; name: string; error: string | undefined; children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => React.ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-invalid': Boolean(error), ...(error ? { 'aria-describedby': errorId } : {}) })}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
