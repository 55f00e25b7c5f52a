// A dashboard panel: title, the chart with a text alternative, its numbers one click away as a table,
// and downloads of the same numbers (its own table, as CSV and Excel).
import { useContext, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TableScroller } from '../../../ui/TableScroller.tsx';
import type { DownloadLinks } from '../api/downloads.ts';
import { ChartActions, ChartActionsShown, type EmbedLink } from './ChartActions.tsx';

/** The CSV and Excel links of one chart or table, each named with what it downloads. */
export function Downloads({ links, title }: { links: DownloadLinks; title: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <span className="downloads no-print">
      <a className="button button--small" href={links.csv} download>
        CSV<span className="visually-hidden"> {t('dashboard:csvDownload', { title })}</span>
      </a>
      <a className="button button--small" href={links.xlsx} download>
        Excel<span className="visually-hidden"> {t('dashboard:csvDownload', { title })}</span>
      </a>
    </span>
  );
}

export function ChartCard(props: {
  title: string;
  /** One or two sentences saying what the chart shows: read by screen readers instead of the drawing. */
  summary: string;
  downloads?: DownloadLinks;
  note?: ReactNode;
  /** Shown instead of the chart when there is nothing to draw (e.g. suppressed figures). */
  empty?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  className?: string;
  /** The chart's embed (/embed/<chart>) with the current filters: offered as "Copy embed code". */
  embed?: EmbedLink | undefined;
}) {
  const { t } = useTranslation('dashboard');
  const titleId = useId();
  const card = useRef<HTMLElement>(null);
  const actions = useContext(ChartActionsShown);
  return (
    <section ref={card} className={`card chart-card ${props.className ?? ''}`} aria-labelledby={titleId}>
      <div className="chart-card__header">
        <h2 id={titleId}>{props.title}</h2>
        {props.downloads ? <Downloads links={props.downloads} title={props.title} /> : null}
      </div>
      {props.note ? <div className="chart-card__note">{props.note}</div> : null}
      {props.empty ?? (
        <div className="chart" role="img" aria-label={props.summary}>
          {props.chart}
        </div>
      )}
      {actions ? <ChartActions title={props.title} card={props.empty ? undefined : card} embed={props.embed} /> : null}
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
