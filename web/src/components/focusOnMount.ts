/**
 * A ref callback that moves focus to the element when it appears. For content the user has just
 * opened (a form, a confirmation): focus follows the click, so a keyboard or screen-reader user
 * lands in it. Not for a page that just loaded, where it would skip what comes before.
 */
export function focusOnMount(element: HTMLElement | null) {
  element?.focus();
}
