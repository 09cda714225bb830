/**
 * The platform's operating figures (GET /v1/stats, public; 信息披露): what was lent each of
 * the last six months, the overdue rates and the concentration as bar charts, and every
 * figure in a table. Filters by grade and term are kept in the address.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { BarChart } from '../Chart';
import { dateTime, lastDayOf, monthsBefore, shanghaiDate } from '../dates';
import { Fact } from '../Facts';
import { figureLabel, figuresOf, FiguresTable } from '../Figures';
import { useI18n } from '../i18n';
import { percent, yuan } from '../money';
import { explainResult, FormError, type Explained } from '../problem';
import { GradeTermFields } from '../GradeTermFields';

type Query = NonNullable<paths['/v1/stats']['get']['parameters']['query']>;
type Stats = Schemas['PlatformFigures'];
const filterNames = ['grade', 'termMonths'] as const;

export function StatsPage() {
  const { t, language } = useI18n();
  const [search, setSearch] = useSearchParams();
  const [stats, setStats] = useState<Stats>();
  const [monthly, setMonthly] = useState<ReadonlyArray<{ month: string; lent: Stats['lent'] }>>();
  const [problem, setProblem] = useState<Explained>();
  const query = Object.fromEntries(filterNames.flatMap((name) => (search.get(name) ? [[name, search.get(name)]] : []))) as Query;
  const queryKey = search.toString();

  useEffect(() => {
    let current = true;
    void (async () => {
      const result = await api.GET('/v1/stats', { params: { query } });
      if (!current) return;
      setProblem(explainResult(result, t, language));
      setStats(result.data);
      if (!result.data) return;
      // This month so far and the five before it, each the figures' flows within the month (six reads of one counter item each).
      const thisMonth = shanghaiDate(result.data.asOf).slice(0, 7);
      const months = [...monthsBefore(thisMonth, 5).reverse(), thisMonth];
      const answers = await Promise.all(months.map((month) => api.GET('/v1/stats', { params: { query: { ...query, from: `${month}-01`, to: lastDayOf(month) } } })));
      if (current) setMonthly(months.flatMap((month, index) => (answers[index]?.data ? [{ month, lent: answers[index].data.lent }] : [])));
    })();
    return () => {
      current = false;
    };
    // Reads again when the filters in the address change.
  }, [queryKey]);

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSearch(Object.fromEntries(filterNames.flatMap((name) => (form.get(name) ? [[name, String(form.get(name))]] : []))));
  }

  const ratio = (name: string, value: string) => ({ label: figureLabel(name, t), value, shown: percent(value) });
  return (
    <>
      <h1>{t.stats.title}</h1>
      <p>{t.stats.intro}</p>
      <form className="filters" onSubmit={applyFilters} aria-label={t.filters}>
        <GradeTermFields search={search} problem={problem} />
        <button type="submit">{t.filter}</button>
      </form>
      <FormError explained={problem} requestIdLabel={t.requestId} />
      {!stats && !problem ? <p>{t.loading}</p> : null}
      {stats ? (
        <>
          <dl className="facts">
            <Fact label={t.stats.asOf}>
              <time dateTime={stats.asOf}>{dateTime(stats.asOf, language)}</time>
            </Fact>
            <Fact label={figureLabel('lent.amount', t)}>{yuan(stats.lent.amount)}</Fact>
            <Fact label={figureLabel('outstanding.total', t)}>{yuan(stats.outstanding.total)}</Fact>
            <Fact label={figureLabel('borrowers.cumulative', t)}>{stats.borrowers.cumulative}</Fact>
            <Fact label={figureLabel('investors.cumulative', t)}>{stats.investors.cumulative}</Fact>
            <Fact label={figureLabel('overdue.rateByAmount', t)}>{percent(stats.overdue.rateByAmount)}</Fact>
          </dl>
          {monthly ? (
            <BarChart caption={t.stats.monthlyLent} headers={[t.stats.month, figureLabel('lent.amount', t)]} decimals={2} bars={monthly.map(({ month, lent }) => ({ label: month, value: lent.amount, shown: yuan(lent.amount) }))} />
          ) : null}
          <BarChart
            caption={t.stats.overdueRates}
            headers={[t.figures.figure, t.figures.value]}
            decimals={6}
            bars={[
              ratio('overdue.rateByAmount', stats.overdue.rateByAmount),
              ratio('overdue.rateByCount', stats.overdue.rateByCount),
              ratio('overdue.over90.rateByAmount', stats.overdue.over90.rateByAmount),
              ratio('overdue.over90.rateByCount', stats.overdue.over90.rateByCount),
            ]}
          />
          <BarChart
            caption={t.stats.concentration}
            headers={[t.figures.figure, t.figures.value]}
            decimals={6}
            bars={[ratio('concentration.top10.share', stats.concentration.top10.share), ratio('concentration.largest.share', stats.concentration.largest.share)]}
          />
          <FiguresTable caption={t.stats.allFigures} figures={figuresOf({ ...stats, asOf: undefined, filter: undefined })} />
        </>
      ) : null}
    </>
  );
}
