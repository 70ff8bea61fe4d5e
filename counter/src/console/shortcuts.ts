/**
 * Keyboard shortcuts of the console, so a USB numpad can drive it. Numpad keys are matched by
 * `code` (they work with NumLock on or off); the main keyboard's keys and F-keys are alternatives.
 * F5 is left alone: it reloads the page, which a staff member may want.
 */
export type ConsoleAction = 'callNext' | 'recall' | 'start' | 'finish' | 'setAside' | 'noShow' | 'transfer' | 'pause'

const BY_CODE: Record<string, ConsoleAction> = {
  NumpadEnter: 'callNext',
  NumpadAdd: 'callNext',
  NumpadMultiply: 'recall',
  NumpadDecimal: 'recall',
  NumpadDivide: 'start',
  NumpadSubtract: 'finish',
  Numpad0: 'noShow',
  F1: 'callNext',
  F2: 'recall',
  F3: 'start',
  F4: 'finish',
  F6: 'noShow',
  F7: 'transfer',
  F8: 'pause',
  F9: 'setAside',
}

const BY_KEY: Record<string, ConsoleAction> = {
  Enter: 'callNext',
  '+': 'callNext',
  '*': 'recall',
  '.': 'recall',
  '/': 'start',
  '-': 'finish',
  '0': 'noShow',
}

/** The keys shown on each button: the numpad key first, then the F-key. */
export const SHORTCUT_LABELS: Record<ConsoleAction, string[]> = {
  callNext: ['Enter', 'F1'],
  recall: ['*', 'F2'],
  start: ['/', 'F3'],
  finish: ['−', 'F4'],
  noShow: ['0', 'F6'],
  setAside: ['F9'],
  transfer: ['F7'],
  pause: ['F8'],
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

/** The action a key press asks for, or null when it is not a shortcut or the user is typing. */
export function shortcutFor(event: KeyboardEvent): ConsoleAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return null
  const target = event.composedPath()[0]
  if (target instanceof HTMLElement && (TYPING.has(target.tagName) || target.isContentEditable)) return null
  // Enter calls next even when a button (a tab, a list row) kept focus after a click: the numpad's
  // Enter is the staff member's main key, and the console's caller prevents the button's own press.
  return BY_CODE[event.code] ?? BY_KEY[event.key] ?? null
}
