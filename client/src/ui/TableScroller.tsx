// A wrapper that lets a wide table scroll sideways. When it does overflow it becomes a focusable,
// named region, so keyboard users can scroll it too (WCAG 2.1.1), with a visible hint and a shadow at the
// edge; when it fits it adds no tab stop.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function TableScroller({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);

  // A visible hint too: on a phone the columns past the edge are otherwise easy to miss.
  return (
    <>
      {overflows ? (
        <p className="table-wrap__hint muted small" aria-hidden="true">
          {t('common:scrollHint')}
        </p>
      ) : null}
      <div
        ref={ref}
        className={overflows ? 'table-wrap table-wrap--overflows' : 'table-wrap'}
        {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': t('common:scrollsSideways', { label }) } : {})}
      >
        {children}
      </div>
    </>
  );
}
