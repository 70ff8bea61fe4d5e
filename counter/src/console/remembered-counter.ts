/** The counter this PC is used at, kept in localStorage so the next login starts there. */
const KEY = 'qms.counter.id'

export function rememberedCounterId(): number | null {
  try {
    const value = Number(localStorage.getItem(KEY))
    return Number.isInteger(value) && value > 0 ? value : null
  } catch {
    // Storage can be disabled by policy on office PCs: then nothing is remembered.
    return null
  }
}

export function rememberCounter(id: number): void {
  try {
    localStorage.setItem(KEY, String(id))
  } catch {
    // See above.
  }
}
