/**
 * Users and roles (admins): find users by the start of a username and/or a role
 * (GET /v1/admin/users, masked personal data only, a page at a time), set a user's
 * roles (PUT /v1/admin/users/{userId}/roles), effective from the user's next token, and
 * mark or clear a related party of the platform (PUT /v1/admin/users/{userId}/related-party).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, idempotencyKey, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { explainResult, Field, FormError, type Explained } from '../problem';
import { Table } from '../Table';
import { dateTime } from '../dates';
import { useLatestOnly } from '../latest';

type User = Schemas['UserSummary'];
type Role = User['roles'][number];
type RelatedPartyRole = NonNullable<User['relatedPartyRole']>;
const allRoles: readonly Role[] = ['borrower', 'investor', 'reviewer', 'auditor', 'admin'];
const relatedPartyRoles: readonly RelatedPartyRole[] = ['STAFF', 'SHAREHOLDER', 'AFFILIATE'];

function RelatedPartyForm({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const { t, language } = useI18n();
  const [mark, setMark] = useState<RelatedPartyRole | ''>(user.relatedPartyRole ?? '');
  const [problem, setProblem] = useState<Explained>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = mark ? { relatedParty: true as const, role: mark } : { relatedParty: false as const };
    const result = await api.PUT('/v1/admin/users/{userId}/related-party', { params: { path: { userId: user.userId }, header: idempotencyKey() }, body });
    setProblem(explainResult(result, t, language));
    if (result.data) {
      setSaved(true);
      const { relatedPartyRole: _previous, ...rest } = user;
      onChanged({ ...rest, relatedParty: result.data.relatedParty, ...(result.data.role ? { relatedPartyRole: result.data.role } : {}) });
    }
  }

  return (
    <form className="inline-form" onSubmit={(event) => void save(event)} noValidate>
      <Field label={t.staff.relatedPartyOf(user.username)} name="role" error={problem?.fields.role}>
        {(props) => (
          <select {...props} value={mark} onChange={(event) => setMark(event.target.value as RelatedPartyRole | '')}>
            <option value="">{t.staff.notRelatedParty}</option>
            {relatedPartyRoles.map((role) => (
              <option key={role} value={role}>
                {t.staff.relatedPartyRoles[role]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit">{t.staff.saveRelatedParty}</button>
      {saved ? (
        <p className="success" role="status">
          {t.staff.relatedPartySaved}
        </p>
      ) : null}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </form>
  );
}

function RolesForm({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const { t, language } = useI18n();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [problem, setProblem] = useState<Explained>();
  const [saved, setSaved] = useState(false);
  const errorId = useId();
  const error = problem?.fields.roles;

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const result = await api.PUT('/v1/admin/users/{userId}/roles', { params: { path: { userId: user.userId }, header: idempotencyKey() }, body: { roles } });
    setProblem(explainResult(result, t, language));
    if (result.data) {
      setSaved(true);
      onChanged({ ...user, roles: result.data.roles });
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} noValidate>
      <fieldset {...(error ? { 'aria-describedby': errorId } : {})}>
        <legend>{t.staff.rolesOf(user.username)}</legend>
        {allRoles.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" name="roles" aria-invalid={Boolean(error)} checked={roles.includes(role)} onChange={(event) => setRoles(event.target.checked ? [...roles, role] : roles.filter((other) => other !== role))} />
            {t.staff.roleNames[role]}
          </label>
        ))}
        {error ? (
          <p className="field-error" id={errorId}>
            {error}
          </p>
        ) : null}
      </fieldset>
      <button type="submit">{t.staff.saveRoles}</button>
      {saved ? (
        <p className="success" role="status">
          {t.staff.rolesSaved}
        </p>
      ) : null}
      <FormError explained={problem} requestIdLabel={t.requestId} />
    </form>
  );
}

export function AdminUsers() {
  const { t, language } = useI18n();
  const [filter, setFilter] = useState<{ username: string; role: Role | '' }>({ username: '', role: '' });
  // The filter of the list shown (the next page follows it), not the one being typed.
  const [applied, setApplied] = useState(filter);
  const [page, setPage] = useState<{ items: User[]; nextCursor?: string }>();
  const [problem, setProblem] = useState<Explained>();
  const [editing, setEditing] = useState<string>();
  const latest = useLatestOnly();

  const load = useCallback(
    async (chosen: { username: string; role: Role | '' }, cursor?: string) => {
      const query = { limit: '20', ...(chosen.username ? { username: chosen.username } : {}), ...(chosen.role ? { role: chosen.role } : {}), ...(cursor ? { cursor } : {}) };
      const result = await latest(api.GET('/v1/admin/users', { params: { query } }));
      if (!result) return;
      setProblem(explainResult(result, t, language));
      if (result.data) setPage((previous) => ({ items: [...(cursor ? (previous?.items ?? []) : []), ...result.data.items], ...(result.data.nextCursor ? { nextCursor: result.data.nextCursor } : {}) }));
    },
    [t, language, latest],
  );
  useEffect(() => {
    void load({ username: '', role: '' });
  }, [load]);

  const replace = (changed: User) => setPage((previous) => previous && { ...previous, items: previous.items.map((user) => (user.userId === changed.userId ? changed : user)) });
  const editingUser = page?.items.find((user) => user.userId === editing);

  return (
    <>
      <h1>{t.staff.usersTitle}</h1>
      <form
        className="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setEditing(undefined);
          setApplied(filter);
          void load(filter);
        }}
        noValidate
      >
        <Field label={t.staff.usernameStarts} name="username" error={problem?.fields.username}>
          {(props) => <input {...props} value={filter.username} onChange={(event) => setFilter({ ...filter, username: event.target.value })} />}
        </Field>
        <Field label={t.staff.role} name="role" error={problem?.fields.role}>
          {(props) => (
            <select {...props} value={filter.role} onChange={(event) => setFilter({ ...filter, role: event.target.value as Role | '' })}>
              <option value="">{t.staff.anyRole}</option>
              {allRoles.map((role) => (
                <option key={role} value={role}>
                  {t.staff.roleNames[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">{t.staff.search}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {page && page.items.length === 0 && !page.nextCursor ? <p>{t.staff.noUsers}</p> : null}
      {page?.items.length ? (
        <Table caption={t.staff.users} headers={[t.staff.username, t.staff.roles, t.staff.verification, t.staff.relatedParty, t.staff.registeredAt, t.staff.action]}>
          {page.items.map((user) => (
            <tr key={user.userId}>
              <th scope="row">{user.username}</th>
              <td>{user.roles.map((role) => t.staff.roleNames[role]).join('、')}</td>
              <td>{user.verification ? `${t.staff.verificationStatus[user.verification.status]} ${Object.values(user.verification.masked).join(' ')}` : '—'}</td>
              <td>{user.relatedParty ? (user.relatedPartyRole ? t.staff.relatedPartyRoles[user.relatedPartyRole] : t.staff.yes) : t.staff.no}</td>
              <td>{dateTime(user.createdAt, language)}</td>
              <td>
                <button type="button" className="secondary" aria-label={`${t.staff.editRoles} ${user.username}`} onClick={() => setEditing(user.userId)}>
                  {t.staff.editRoles}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      {page?.nextCursor ? (
        <button type="button" className="secondary" onClick={() => void load(applied, page.nextCursor)}>
          {t.staff.more}
        </button>
      ) : null}
      {editingUser ? (
        <section className="card" aria-label={t.staff.rolesOf(editingUser.username)}>
          <RolesForm key={editingUser.userId} user={editingUser} onChanged={replace} />
          <RelatedPartyForm key={`related-${editingUser.userId}`} user={editingUser} onChanged={replace} />
        </section>
      ) : null}
    </>
  );
}
