/**
 * Named operating figures ("monthEnd.overdue.over90.rateByAmount" → its value) as a table:
 * each name's parts in the user's language, amounts as yuan, rates and shares as percentages,
 * counts as they are. The live figures (GET /v1/stats) are named the same way, by their path.
 */
import { useI18n, type Messages } from './i18n';
import { percent, yuan } from './money';
import { Table } from './Table';

export interface Figure {
  readonly name: string;
  readonly value: string;
}

const isRatio = (part: string) => /^(rate|share)|(Rate|Share)$/.test(part);
const isAmount = (part: string) => /^(amount|principal|interest|total)$/.test(part);

export function figureLabel(name: string, t: Messages): string {
  return name
    .split('.')
    .map((part) => t.figures.names[part] ?? part)
    .join(' · ');
}

export function figureValue(name: string, value: string): string {
  const last = name.split('.').at(-1) ?? '';
  if (isRatio(last)) return percent(value);
  return isAmount(last) ? yuan(value) : value;
}

/** A figures document (such as GET /v1/stats) as named figures, each leaf by its path. */
export function figuresOf(document: object, prefix = ''): Figure[] {
  return Object.entries(document).flatMap(([key, value]: [string, unknown]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') return figuresOf(value, name);
    return value === undefined ? [] : [{ name, value: String(value) }];
  });
}

export function FiguresTable({ caption, figures }: { caption: string; figures: readonly Figure[] }) {
  const { t } = useI18n();
  return (
    <Table caption={caption} headers={[t.figures.figure, t.figures.value]}>
      {figures.map((figure) => (
        <tr key={figure.name}>
          <td>{figureLabel(figure.name, t)}</td>
          <td>{figureValue(figure.name, figure.value)}</td>
        </tr>
      ))}
    </Table>
  );
}
