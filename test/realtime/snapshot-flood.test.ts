/**
 * A socket that floods the server with snapshot requests (3,000 `sync:request` once blocked every
 * kiosk for 22 s) costs a bounded number of snapshot builds;
 * a kiosk issuing meanwhile is answered within a bound, and a screen asking honestly still gets a
 * snapshot that holds every change made before it asked.
 */
import t from 'tap'
import { aDevice, baseUrl, build, issue, login, serviceId } from '../helpers/build.js'
import { connect, requestDisplaySync, requestSync, type ClientSocket } from '../helpers/socket.js'
import { coalescedBySite } from '../../server/src/plugins/snapshot-requests.js'
import type { Response } from '../../shared/contract.js'

const FLOOD = 3000
/** Far above a normal issue here (tens of ms), far below the 22 s the flood used to cost. */
const ISSUE_BOUND_MS = 3000

/** Sends `count` requests without waiting, and resolves with how each was answered. */
function flood(socket: ClientSocket, event: 'sync:request' | 'display:sync', count: number): Promise<string[]> {
  const answers: Promise<string>[] = []
  for (let i = 0; i < count; i++) {
    answers.push(
      new Promise((resolve) => {
        ;(socket.timeout(30_000).emit as (e: string, ack: (err: Error | null, res: Response<unknown>) => void) => void)(event, (err, res) =>
          resolve(err ? 'no answer' : res.ok ? 'ok' : res.code),
        )
      }),
    )
  }
  return Promise.all(answers)
}

const tally = (answers: string[]) => answers.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a]: (acc[a] ?? 0) + 1 }), {})

t.test('a flood of snapshot requests costs a few builds and does not hold up a kiosk', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDevice(app, 'display')
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')

  const staff = connect(t, url, { cookie: admin.cookie })
  const screen = connect(t, url, { auth: { deviceToken: display.token } })
  await staff.snapshot
  await screen.displaySnapshot

  // Every snapshot is one read of the store: count them during the flood.
  let reads = 0
  const read = app.store.read.bind(app.store)
  app.store.read = (work) => {
    reads++
    return read(work)
  }

  const flooding = Promise.all([flood(staff.socket, 'sync:request', FLOOD), flood(screen.socket, 'display:sync', FLOOD)])
  const started = Date.now()
  const issued = await issue(app, kiosk, { serviceId: land })
  const issueMs = Date.now() - started
  t.equal(issued.statusCode, 201, 'the kiosk issued its ticket during the flood')
  t.ok(issueMs < ISSUE_BOUND_MS, `and was answered in ${issueMs} ms (bound ${ISSUE_BOUND_MS} ms)`)

  const [staffAnswers, screenAnswers] = await flooding
  for (const [who, answers] of [
    ['staff socket', staffAnswers],
    ['display socket', screenAnswers],
  ] as const) {
    const counts = tally(answers)
    t.equal(counts['no answer'], undefined, `${who}: every request was answered (${JSON.stringify(counts)})`)
    t.ok((counts.ok ?? 0) >= 1 && (counts.ok ?? 0) <= 20, `${who}: a few got a snapshot`)
    t.ok((counts.rate_limited ?? 0) >= FLOOD - 20, `${who}: the rest were refused at once`)
  }
  // The issue's own reads (its device, then the wait) and a handful of snapshot builds.
  t.ok(reads < 40, `${2 * FLOOD} requests cost ${reads} reads of the store`)

  // The flood is over and the budget refills: an honest request gets a snapshot with the new ticket.
  await new Promise((r) => setTimeout(r, 1100))
  const fresh = await requestSync(staff.socket)
  t.ok(
    fresh.tickets.some((x) => x.id === issued.json().ticket.id),
    'a later request sees the ticket issued during the flood',
  )
  t.ok((await requestDisplaySync(screen.socket)).seq >= fresh.seq, 'so does the display')
})

t.test('a request made while a build runs gets the next one, which sees what came before it', async (t) => {
  let version = 0
  const builds: number[] = []
  const gates: (() => void)[] = []
  const get = coalescedBySite(async (siteId) => {
    const seen = version
    builds.push(siteId)
    await new Promise<void>((resolve) => gates.push(resolve))
    return seen
  })
  const first = get(1)
  version = 1 // a change commits while the first build runs
  const second = get(1)
  const third = get(1)
  const otherSite = get(2)
  t.same(builds, [1, 2], 'one build per site at a time')
  gates.shift()!()
  t.equal(await first, 0)
  await new Promise((r) => setImmediate(r))
  t.same(builds, [1, 2, 1], 'the queued build starts when the first ends')
  gates.shift()!() // site 2
  gates.shift()!()
  t.equal(await second, 1, 'the request made after the change sees it')
  t.equal(await third, 1, 'and shares the build with the one beside it')
  t.equal(await otherSite, 1, 'the other site was built on its own')
})
