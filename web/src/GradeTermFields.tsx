/** The grade and term filters the marketplace and the statistics share, their values kept in the address and the API's complaint at each. */
import { useI18n } from './i18n';
import { Field, type Explained } from './problem';

const grades = ['A', 'B', 'C', 'D', 'E'] as const;

export function GradeTermFields({ search, problem }: { search: URLSearchParams; problem: Explained | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t.grade} name="grade" error={problem?.fields.grade}>
        {(props) => (
          <select {...props} defaultValue={search.get('grade') ?? ''}>
            <option value="">{t.any}</option>
            {grades.map((grade) => (
              <option key={grade}>{grade}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t.termMonths} name="termMonths" error={problem?.fields.termMonths}>
        {(props) => <input {...props} inputMode="numeric" defaultValue={search.get('termMonths') ?? ''} />}
      </Field>
    </>
  );
}
