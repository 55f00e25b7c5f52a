// A dashboard panel: title, the chart with a text alternative, its numbers one click away as a table,
// and a CSV download of the same numbers.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroller } from '../../../ui/TableScroller.tsx';

export function ChartCard(props: {
  title: string;
  /** One or two sentences saying what the chart shows: read by screen readers instead of the drawing. */
  summary: string;
  csvHref?: string;
  note?: ReactNode;
  /** Shown instead of the chart when there is nothing to draw (e.g. suppressed figures). */
  empty?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation('dashboard');
  const titleId = useId();
  return (
    <section className={`card chart-card ${props.className ?? ''}`} aria-labelledby={titleId}>
      <div className="chart-card__header">
        <h2 id={titleId}>{props.title}</h2>
        {props.csvHref ? (
          <a className="button button--small no-print" href={props.csvHref} download>
            CSV<span className="visually-hidden"> {t('dashboard:csvDownload', { title: props.title })}</span>
          </a>
        ) : null}
      </div>
      {props.note ? <div className="chart-card__note">{props.note}</div> : null}
      {props.empty ?? (
        <div className="chart" role="img" aria-label={props.summary}>
          {props.chart}
        </div>
      )}
      <details className="chart-card__table">
        <summary>
          {t('dashboard:showNumbers')}
          <span className="visually-hidden"> {t('dashboard:showNumbersOf', { title: props.title })}</span>
        </summary>
        <TableScroller label={t('dashboard:numbersOf', { title: props.title })}>{props.table}</TableScroller>
      </details>
    </section>
  );
}

export function ChartEmpty({ children }: { children: ReactNode }) {
  return <p className="chart-empty">{children}</p>;
}
