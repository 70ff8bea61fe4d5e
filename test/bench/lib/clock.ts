/**
 * One clock for every bench process. All processes run on this machine, so the wall clock with
 * sub-millisecond precision (time origin + monotonic offset) compares across them.
 */
export const now = (): number => performance.timeOrigin + performance.now()

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A seeded generator: baseline and system get the same arrivals and choices. */
export { seededRandom as random } from '../../helpers/random.js'
