import { startTransition, useEffect, useState } from 'react';
import { drawsAtOnce } from './pageRender.ts';

/**
 * False until the browser has painted once after `ready` became true, then true for good. Lets a page
 * paint what matters first and render the rest afterwards, as a transition, which React renders in
 * slices so the page stays responsive meanwhile. True from the start on the server and when hydrating
 * its HTML: the server's page carries everything, and the browser's first render must match it.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(drawsAtOnce);
  useEffect(() => {
    if (!ready || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs just before the next paint; a task queued from it runs after that paint.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
