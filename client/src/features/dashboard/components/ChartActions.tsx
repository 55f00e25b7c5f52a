// Under a chart: "Copy embed code" (an <iframe> of /embed/<chart> with the dashboard's current filters and
// language), and the chart as an SVG or PNG file; both made by chartExport.ts, loaded on first use. Where the browser
// refuses the clipboard, the code is shown in a field to copy by hand.
import { createContext, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmbedChart, EmbedQuery } from '@lpt/shared/embed';

export interface EmbedLink {
  chart: EmbedChart;
  query: { [K in keyof EmbedQuery]?: EmbedQuery[K] | undefined };
}

/** False inside an embed (client/src/embed): its readers take the code and files from the dashboard. */
export const ChartActionsShown = createContext(true);

export function ChartActions(props: {
  title: string;
  /** The chart's card: its drawing is read from there when a file is asked for. */
  card?: RefObject<HTMLElement | null>;
  embed?: EmbedLink | undefined;
}) {
  const { t, i18n } = useTranslation('dashboard');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'refused'>('idle');
  const [failed, setFailed] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  const embed = props.embed ? { ...props.embed, query: { ...props.embed.query, lang: i18n.resolvedLanguage as EmbedQuery['lang'] } } : undefined;
  const [code, setCode] = useState('');
  // Each button names its chart for a screen reader's list of buttons (its visible words come first).
  const named = (action: string) => t('dashboard:chartActions.named', { action, title: props.title });

  async function copyCode() {
    if (!embed) return;
    try {
      // Loaded when first asked for, with the file exports: the dashboard's budget stays for its figures.
      const { embedCode } = await import('./chartExport.ts');
      const snippet = embedCode(embed, props.title);
      setCode(snippet);
      if (!navigator.clipboard) throw new Error('No clipboard');
      await navigator.clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      setCopy('refused');
      // Shown selected, so that Ctrl+C (or the phone's Copy) takes it at once.
      requestAnimationFrame(() => field.current?.select());
    }
  }

  async function download(kind: 'svg' | 'png') {
    setFailed(false);
    try {
      // Loaded when first asked for: the dashboard's first paint does not wait for it.
      const { chartSurfaceOf, fileNameOf, legendOf, pngOf, saveFile, standaloneSvg } = await import('./chartExport.ts');
      const card = props.card?.current ?? null;
      const surface = chartSurfaceOf(card);
      const svg = surface ? standaloneSvg(surface, props.title, legendOf(card)) : null;
      if (!svg) throw new Error('No chart drawn');
      const blob = kind === 'svg' ? new Blob([svg.markup], { type: 'image/svg+xml' }) : await pngOf(svg);
      saveFile(blob, `${fileNameOf(props.title)}.${kind}`);
    } catch {
      setFailed(true);
    }
  }

  return (
    <div className="chart-actions no-print">
      <div className="chart-actions__buttons">
        {embed ? (
          <button type="button" className="button button--small" onClick={() => void copyCode()} aria-label={named(t('dashboard:chartActions.copyEmbed'))}>
            {t('dashboard:chartActions.copyEmbed')}
          </button>
        ) : null}
        {props.card ? (
          <>
            <button type="button" className="button button--small" onClick={() => void download('svg')} aria-label={named(t('dashboard:chartActions.downloadSvg'))}>
              {t('dashboard:chartActions.downloadSvg')}
            </button>
            <button type="button" className="button button--small" onClick={() => void download('png')} aria-label={named(t('dashboard:chartActions.downloadPng'))}>
              {t('dashboard:chartActions.downloadPng')}
            </button>
          </>
        ) : null}
      </div>
      <p className="chart-actions__status small" role="status">
        {copy === 'copied' ? t('dashboard:chartActions.copied') : ''}
        {failed ? t('dashboard:chartActions.downloadFailed') : ''}
      </p>
      {copy === 'refused' ? (
        <div className="chart-actions__fallback">
          <label htmlFor={fieldId}>{t('dashboard:chartActions.copyByHand')}</label>
          <textarea id={fieldId} ref={field} readOnly rows={3} value={code} onFocus={(event) => event.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
