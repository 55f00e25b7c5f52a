// Moving the keyboard to a part of the report form (a section, a field, the error summary) without
// leaving it under the sticky bar at the top of the screen (the save state, and on a phone the section
// navigator), whose height changes with its text.
export function focusBelowBar(element: HTMLElement | null, place: 'start' | 'center' = 'start') {
  if (!element) return;
  const form = element.closest('form') ?? document;
  const bar = form.querySelector('.report-form__bar');
  // On a wide screen the bar is `display: contents` (no box): only the save toolbar stays on top.
  const stuck = bar && bar.getBoundingClientRect().height > 0 ? bar : form.querySelector('.report-toolbar');
  const covered = (stuck?.getBoundingClientRect().height ?? 0) + 16;
  const box = element.getBoundingClientRect();
  const top =
    place === 'center' && box.height < window.innerHeight - covered
      ? box.top - covered - (window.innerHeight - covered - box.height) / 2
      : box.top - covered;
  window.scrollTo({ top: window.scrollY + top });
  element.focus({ preventScroll: true });
}
