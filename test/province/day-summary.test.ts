/**
 * A day's summary as kept in report_days: read back from its bytes it sums to what its entries
 * give, exactly for counts, sums and maxima, a field left out when asked for another.
 */
import t from 'tap'
import { FiguresSum, summarizeDay, summaryBytes, summaryOf } from '../../server/src/reports/day-summary.js'
import { F, FIELDS, ORIGIN, STATUS_CODE } from '../../server/src/reports/facts.js'

/** One served entry of a field with its wait and service time (ms) and rating. */
function entries(list: { service: number; wait: number; serviceTime: number; rating: number }[]): Int32Array {
  const facts = new Int32Array(list.length * FIELDS)
  list.forEach((e, i) => {
    const at = i * FIELDS
    facts[at + F.service] = e.service
    facts[at + F.counter] = 1
    facts[at + F.staff] = 1
    facts[at + F.flags] = STATUS_CODE.done | ORIGIN
    facts[at + F.wait] = e.wait
    facts[at + F.service_time] = e.serviceTime
    facts[at + F.rating] = e.rating
  })
  return facts
}

t.test('a summary read back from its bytes sums to its entries, sums past 2³² ms included', async (t) => {
  const longest = 2 ** 31 - 1
  const day = summarizeDay(
    entries([
      { service: 7, wait: longest, serviceTime: 600_000, rating: 4 },
      { service: 7, wait: longest, serviceTime: 300_000, rating: 2 },
      { service: 7, wait: longest - 1_000, serviceTime: 0, rating: 0 },
      { service: 9, wait: 61_000, serviceTime: 120_000, rating: 3 },
    ]),
    new Map([
      [7, 15 * 60_000],
      [9, 15 * 60_000],
    ]),
  )
  // As a row of report_days returns it: a Buffer that need not start on a 4-byte boundary.
  const bytes = summaryBytes(day)
  const unaligned = Buffer.alloc(bytes.length + 1).subarray(1)
  bytes.copy(unaligned)
  for (const [name, read] of [
    ['aligned', summaryOf(Buffer.from(bytes))],
    ['unaligned', summaryOf(unaligned)],
  ] as const) {
    const sum = new FiguresSum()
    sum.addDay(read, new Set([7]))
    const land = sum.figures()
    t.equal(land.served, 3, `${name}: the field's entries only`)
    t.equal(land.wait.count, 3)
    t.equal(land.wait.mean, Math.round((3 * longest - 1_000) / 3), `${name}: a sum of ${3 * longest - 1_000} ms, past 2³², exact`)
    t.equal(land.wait.max, longest)
    t.equal(land.withinTarget.count, 0, 'none within the target')
    t.match(land.rating, { count: 2, mean: 3, satisfiedShare: 0.5, levels: [0, 1, 0, 1, 0] }, 'a 4 satisfied, a 2 not')
    sum.reset()
    sum.addDay(read, null)
    const all = sum.figures()
    t.equal(all.served, 4, `${name}: every field`)
    t.equal(all.withinTarget.count, 1)
    t.equal(all.service.mean, Math.round((600_000 + 300_000 + 0 + 120_000) / 4))
    t.equal(all.service.median, 210_000, 'the median between the middle two')
  }
})
