/**
 * A DOM event listener for an async handler. The event cannot wait for the handler, so it runs
 * detached: the handler settles its own refusals (a notice on screen), and anything it does not
 * settle surfaces as an unhandled rejection in the console, as any listener's error would.
 */
export function detached<A extends unknown[]>(handler: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => void handler(...args)
}
