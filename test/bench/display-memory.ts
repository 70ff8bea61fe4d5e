/**
 * The display's long run for `npm run bench`: a real Chromium display page through 2000 calls
 * (8000 commands), its JS heap, DOM nodes and listeners measured after a forced garbage collection
 * at 500 and at 2000 calls. Target: heap growth under 5 MB over those 1500 calls.
 */
import { build } from '../helpers/build.js'
import { SKIP_BROWSER } from '../helpers/browser.js'
import { driveDisplay, type PageFigures } from '../display/long-run.js'

export type DisplayMemoryResult = { skipped: string } | { figures: PageFigures[]; heapGrowthMb: number; durationS: number; errors: string[] }

export async function runDisplayMemory(opts: { calls: [number, number]; log: (line: string) => void }): Promise<DisplayMemoryResult> {
  if (SKIP_BROWSER) return { skipped: String(SKIP_BROWSER) }
  const teardowns: (() => unknown)[] = []
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }
  const started = Date.now()
  try {
    const { app } = await build(t, { listen: true })
    const { figures, errors } = await driveDisplay(t, app, opts.calls)
    const [first, last] = figures as [PageFigures, PageFigures]
    const heapGrowthMb = Math.round(((last.heapUsed - first.heapUsed) / 1024 / 1024) * 100) / 100
    opts.log(
      `display memory: heap ${(first.heapUsed / 1048576).toFixed(2)} → ${(last.heapUsed / 1048576).toFixed(2)} MB, DOM nodes ${first.nodes} → ${last.nodes}, listeners ${first.listeners} → ${last.listeners}`,
    )
    return { figures, heapGrowthMb, durationS: Math.round((Date.now() - started) / 1000), errors }
  } finally {
    for (const fn of teardowns.reverse()) await fn()
  }
}

export function displayMemoryText(r: DisplayMemoryResult): string {
  if ('skipped' in r) return `Display memory: skipped (${r.skipped})`
  const lines = r.figures.map(
    (f) =>
      `  ${String(f.calls).padStart(5)} calls: heap ${(f.heapUsed / 1048576).toFixed(2)} MB, ${f.nodes} DOM nodes, ${f.listeners} listeners, ${f.recentCalls} recent calls shown`,
  )
  const verdict = r.heapGrowthMb < 5 ? 'met' : 'MISSED'
  return [
    `Display memory (one display page in Chromium, ${r.durationS} s), target heap growth < 5 MB:`,
    ...lines,
    `  heap growth ${r.heapGrowthMb} MB: ${verdict}${r.errors.length ? `; page errors: ${r.errors.join(' | ')}` : ''}`,
  ].join('\n')
}
