// A chart drawn twice: for the screen at the width it finds (Recharts' ResponsiveContainer measures it),
// and for paper at the width of an A4 column. A browser lays a page out for print without running its
// scripts, so a chart cannot re-measure there: one drawn for a wide screen came out squashed into a strip.
// The paper copy is hidden on screen (and the screen copy in print); both sit inside the card's
// role="img", whose label is the chart's text alternative. The paper copy is drawn just after the page
// shows (a deferred render), so it never delays what the reader sees first.
import { cloneElement, useDeferredValue, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** A4's printable column less a card's padding, in CSS pixels; print CSS scales the drawing to the card. */
export const PRINT_CHART_WIDTH = 640;

export function ChartFrame({ height, children }: { height: number; children: ReactElement<{ width?: number; height?: number }> }) {
  const drawForPaper = useDeferredValue(true, false);
  return (
    <>
      <div className="chart__screen">
        <ResponsiveContainer width="100%" height={height}>
          {children}
        </ResponsiveContainer>
      </div>
      {drawForPaper ? (
        <div className="chart__print" aria-hidden="true">
          {cloneElement(children, { width: PRINT_CHART_WIDTH, height })}
        </div>
      ) : null}
    </>
  );
}
