// The section navigator: every part of the form with its state (sectionStates.ts). Beside the form on a
// wide screen, always open; on a phone a bar that opens the list on demand and closes once a section is
// chosen, so it never covers the form unasked. A link scrolls to its section and moves the focus there.
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatCount } from '../../../lib/format.ts';
import { focusBelowBar } from '../focusBelowBar.ts';
import { fieldId } from '../formValues.ts';
import { CURRENCY_SECTION, SUBMIT_SECTION, type FormSection, type SectionSummary } from '../sectionStates.ts';

/** The element a section's link focuses: its heading (the currency's own select, as that card has none). */
export const sectionTarget = (section: FormSection) =>
  section === CURRENCY_SECTION ? fieldId(CURRENCY_SECTION) : section === SUBMIT_SECTION ? 'submit-title' : `section-${section}-title`;

const icons: Record<SectionSummary['state'], string> = {
  errors: '✕',
  warnings: '⚠',
  incomplete: '○',
  not_applicable: '–',
  complete: '✓',
};

function sectionName(t: TFunction, section: FormSection, number: number) {
  if (section === CURRENCY_SECTION) return t('report:reportCurrency');
  if (section === SUBMIT_SECTION) return t('report:submit.title');
  return `${number}. ${t(`indicators:${section}.title`)}`;
}

export function stateText(t: TFunction, s: SectionSummary): string {
  const count = s.count;
  const n = formatCount(count);
  switch (s.state) {
    case 'errors':
      return t('report:nav.errors', { count, n });
    case 'warnings':
      return s.section === SUBMIT_SECTION ? t('report:nav.toJustify', { count, n }) : t('report:nav.warnings', { count, n });
    case 'incomplete':
      return s.section === SUBMIT_SECTION ? t('report:nav.sectionsLeft', { count, n }) : t('report:nav.incomplete', { count, n });
    case 'not_applicable':
      return t('report:nav.notApplicable');
    case 'complete':
      return s.section === SUBMIT_SECTION ? t('report:nav.ready') : t('report:nav.complete');
  }
}

export function SectionNav({ summaries }: { summaries: readonly SectionSummary[] }) {
  const { t } = useTranslation(['report', 'indicators']);
  const [open, setOpen] = useState(false);
  const sections = summaries.filter((s) => s.section !== SUBMIT_SECTION);
  const done = sections.filter((s) => s.state === 'complete' || s.state === 'not_applicable').length;
  const progress = t('report:nav.progress', { done: formatCount(done), total: formatCount(sections.length) });
  let commitmentNumber = 0;
  return (
    <nav className="section-nav" aria-labelledby="section-nav-title" data-open={open}>
      <h2 id="section-nav-title" className="section-nav__title">
        {t('report:nav.title')} <span className="section-nav__progress">{progress}</span>
      </h2>
      {/* Only on a phone (CSS): the list is always shown beside the form on a wide screen. */}
      <button
        type="button"
        className="section-nav__toggle"
        aria-expanded={open}
        aria-controls="section-nav-list"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        <span>
          {t('report:nav.title')} · {progress}
        </span>
        <span aria-hidden="true" className="section-nav__chevron">
          {open ? '▴' : '▾'}
        </span>
      </button>
      <ol
        id="section-nav-list"
        className="section-nav__list"
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        {summaries.map((s) => {
          const number = s.section === CURRENCY_SECTION || s.section === SUBMIT_SECTION ? 0 : ++commitmentNumber;
          const target = sectionTarget(s.section);
          return (
            <li key={s.section} className={`section-nav__item section-nav__item--${s.state}`} data-section={s.section} data-state={s.state}>
              <a
                href={`#${target}`}
                onClick={(e) => {
                  e.preventDefault();
                  // Closed first, so the scroll lands where the section is once the list is gone.
                  flushSync(() => setOpen(false));
                  focusBelowBar(document.getElementById(target));
                }}
              >
                <span className="section-nav__icon" aria-hidden="true">
                  {icons[s.state]}
                </span>
                <span className="section-nav__name">{sectionName(t, s.section, number)}</span>
                <span className="section-nav__state">{stateText(t, s)}</span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
