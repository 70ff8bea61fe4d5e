/** Percentiles and medians over plain arrays of numbers. */

/** Nearest-rank percentile; NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v))
  if (finite.length === 0) return Number.NaN
  const sorted = [...finite].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function max(values: readonly number[]): number {
  return values.reduce((m, v) => (v > m ? v : m), Number.NEGATIVE_INFINITY)
}

export interface LatencySummary {
  n: number
  p50: number
  p99: number
  max: number
}

export function summarise(values: readonly number[]): LatencySummary {
  return { n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(max(values)) }
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value
  const f = 10 ** digits
  return Math.round(value * f) / f
}
