// A chart for the screen, at the width it finds (Recharts' ResponsiveContainer measures it), and a copy
// for paper at the width of an A4 column: a browser lays a page out for print without running its
// scripts, so a chart cannot re-measure there (one drawn for a wide screen came out squashed into a strip).
//
// On a page the server rendered (entry-server.tsx), the server draws the chart once, at the paper's
// width and with Recharts 2 (Recharts 3 draws only after effects, which a server does not run): that one
// SVG is what a reader without JavaScript sees on screen (scaled into the chart's box) and what prints.
// The browser keeps it as it is, never drawing it again (hydration takes its markup as it finds it), and
// after hydration draws only the screen's live chart, which then takes the box's place on screen.
// On a page rendered in the browser alone, the paper copy is drawn just after the page shows (a deferred
// render), so it never delays what the reader sees first. Both copies sit inside the card's role="img",
// whose label is the chart's text alternative; the paper copy is hidden from assistive technology.
import { cloneElement, useDeferredValue, useEffect, useId, useState, type CSSProperties, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { drawsAtOnce, pageRender } from '../../../lib/pageRender.ts';

/** A4's printable column less a card's padding, in CSS pixels; print CSS scales the drawing to the card. */
export const PRINT_CHART_WIDTH = 640;

/** The server's drawing of the chart with this id, while hydrating the page it is part of. */
function serverDrawingOf(id: string): string | null {
  if (!drawsAtOnce() || pageRender.onServer) return null;
  const element = document.getElementById(id);
  return element?.dataset.drawnOnServer !== undefined ? element.innerHTML : null;
}

export function ChartFrame({ height, children }: { height: number; children: ReactElement<{ width?: number; height?: number }> }) {
  const id = useId();
  const [serverDrawing] = useState(() => serverDrawingOf(id));
  // The live chart is drawn once the page is the browser's: on the server, and while hydrating the
  // server's page, the screen's box stays empty (and CSS shows the paper copy in it).
  const [live, setLive] = useState(() => !drawsAtOnce());
  useEffect(() => setLive(true), []);
  const drawForPaper = useDeferredValue(true, false);
  const box = { '--chart-height': `${height}px` } as CSSProperties;

  const screen = (
    <div className="chart__screen" style={box}>
      {live ? (
        <ResponsiveContainer width="100%" height={height}>
          {children}
        </ResponsiveContainer>
      ) : null}
    </div>
  );
  if (pageRender.onServer) {
    if (pageRender.collecting) return screen;
    return (
      <>
        {screen}
        <div className="chart__print" id={id} data-drawn-on-server="" aria-hidden="true" style={box}>
          {cloneElement(children, { width: PRINT_CHART_WIDTH, height })}
        </div>
      </>
    );
  }
  if (serverDrawing !== null) {
    return (
      <>
        {screen}
        <div className="chart__print" id={id} data-drawn-on-server="" aria-hidden="true" style={box} dangerouslySetInnerHTML={{ __html: serverDrawing }} />
      </>
    );
  }
  return (
    <>
      {screen}
      {drawForPaper ? (
        <div className="chart__print" aria-hidden="true">
          {cloneElement(children, { width: PRINT_CHART_WIDTH, height })}
        </div>
      ) : null}
    </>
  );
}
