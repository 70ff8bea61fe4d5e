import t, { type Test } from 'tap'
import { announcementWords } from '../../shared/announce.js'
import { Announcer, type AnnouncementCall, type AnnouncerOptions, type ClipPlayer, type DropReason } from '../../display/src/announcer.js'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A player that takes `ms` per announcement and records what the waiting room heard. It fails
 * the test itself if two announcements ever play at once.
 */
class FakePlayer implements ClipPlayer {
  heard: string[][] = []
  playing = 0
  overlaps = 0
  stops = 0
  /** Announcements (by index of play() call) that never finish on their own. */
  hangOn = new Set<number>()
  blockOn = new Set<number>()
  #calls = 0
  #release: (() => void) | undefined

  constructor(private ms = 5) {}

  async play(clipIds: string[]): Promise<void> {
    const index = this.#calls++
    if (this.blockOn.has(index)) throw new DOMException('autoplay blocked', 'NotAllowedError')
    this.playing++
    if (this.playing > 1) this.overlaps++
    try {
      if (this.hangOn.has(index)) await new Promise<void>((resolve) => (this.#release = resolve))
      else await sleep(this.ms)
      this.heard.push(clipIds)
    } finally {
      this.playing--
    }
  }

  stop(): void {
    this.stops++
    // A real player would cut the audio; this one lets the hung promise go, but too late to count.
    const release = this.#release
    this.#release = undefined
    setTimeout(() => release?.(), 50)
  }
}

function setup(t: Test, opts: Partial<AnnouncerOptions> = {}, player = new FakePlayer()) {
  const dropped: { call: AnnouncementCall; reason: DropReason }[] = []
  const announcer = new Announcer(player, {
    reading: 'whole',
    languages: ['vi'],
    gapMs: 0,
    onDropped: (call, reason) => dropped.push({ call, reason }),
    ...opts,
  })
  t.teardown(() => announcer.dispose())
  const said = (ticketNumber: string, counterNumber: number) => announcementWords(ticketNumber, counterNumber, { reading: 'whole', languages: ['vi'] })
  return { announcer, player, dropped, said }
}

let seq = 0
const call = (ticketNumber: string, counterNumber: number, key = `seq-${++seq}`): AnnouncementCall => ({ ticketNumber, counterNumber, key })

t.test('one call is said as its clip sequence', async (t) => {
  const { announcer, player, said } = setup(t)
  t.equal(announcer.announce(call('1023', 5)), true)
  await announcer.idle()
  t.same(player.heard, [said('1023', 5)])
})

t.test('a burst of ten calls is said in order, one at a time', async (t) => {
  const { announcer, player, said } = setup(t)
  const burst = Array.from({ length: 10 }, (_, i) => call(`A${String(i + 1).padStart(3, '0')}`, (i % 4) + 1))
  for (const c of burst) announcer.announce(c)
  t.equal(announcer.pending, 9, 'nine wait while the first plays')
  await announcer.idle()
  t.same(
    player.heard,
    burst.map((c) => said(c.ticketNumber, c.counterNumber)),
  )
  t.equal(player.overlaps, 0, 'never two announcements at once')
})

t.test('calls arriving while one plays wait for it, with the gap between them', async (t) => {
  const { announcer, player } = setup(t, { gapMs: 30 }, new FakePlayer(20))
  const starts: number[] = []
  const ends: number[] = []
  const play = player.play.bind(player)
  player.play = async (ids) => {
    starts.push(Date.now())
    await play(ids)
    ends.push(Date.now())
  }
  announcer.announce(call('1', 1))
  await sleep(5)
  announcer.announce(call('2', 2))
  announcer.announce(call('3', 3))
  await announcer.idle()
  t.equal(starts.length, 3)
  for (let i = 1; i < starts.length; i++) t.ok(starts[i]! - ends[i - 1]! >= 25, `announcement ${i + 1} starts after ${i} ended and the gap`)
  t.equal(player.overlaps, 0)
})

t.test('a recall of the same ticket is said again', async (t) => {
  const { announcer, player, said } = setup(t)
  announcer.announce(call('A023', 2, 'seq-100'))
  announcer.announce(call('A023', 2, 'seq-101'))
  await announcer.idle()
  t.same(player.heard, [said('A023', 2), said('A023', 2)])
})

t.test('the same delivery twice (a resync replaying an event) is said once', async (t) => {
  const { announcer, player, said } = setup(t)
  t.equal(announcer.announce(call('A023', 2, 'seq-200')), true)
  t.equal(announcer.announce(call('A023', 2, 'seq-200')), false, 'duplicate while queued')
  await announcer.idle()
  t.equal(announcer.announce(call('A023', 2, 'seq-200')), false, 'duplicate after it was said')
  await announcer.idle()
  t.same(player.heard, [said('A023', 2)])
})

t.test('remembered keys are bounded, so a display running for weeks does not grow', async (t) => {
  const { announcer, player } = setup(t, { rememberKeys: 3 })
  for (const k of ['k1', 'k2', 'k3', 'k4']) announcer.announce(call('1', 1, k))
  await announcer.idle()
  t.equal(announcer.announce(call('1', 1, 'k4')), false, 'a recent key is still known')
  t.equal(announcer.announce(call('1', 1, 'k1')), true, 'the oldest key was forgotten')
  await announcer.idle()
  t.equal(player.heard.length, 5)
})

t.test('an announcement that hangs is cut short and the next one plays', async (t) => {
  const player = new FakePlayer()
  player.hangOn.add(0)
  const { announcer, dropped, said } = setup(t, { timeoutMs: 40 }, player)
  const started = Date.now()
  announcer.announce(call('A001', 1))
  announcer.announce(call('A002', 2))
  await announcer.idle()
  t.ok(Date.now() - started < 1000, 'the queue did not wait for the hung clip')
  t.equal(player.stops, 1, 'the player was told to stop')
  t.same(player.heard, [said('A002', 2)], 'the next call was said')
  t.same(
    dropped.map((d) => [d.call.ticketNumber, d.reason]),
    [['A001', 'timeout']],
  )
})

t.test('a player that rejects does not stop the queue', async (t) => {
  const player = new FakePlayer()
  let n = 0
  const play = player.play.bind(player)
  player.play = (ids) => (n++ === 0 ? Promise.reject(new Error('decode failed')) : play(ids))
  const { announcer, dropped, said } = setup(t, {}, player)
  announcer.announce(call('A001', 1))
  announcer.announce(call('A002', 2))
  await announcer.idle()
  t.same(player.heard, [said('A002', 2)])
  t.same(
    dropped.map((d) => d.reason),
    ['failed'],
  )
})

t.test('an unreadable ticket number is reported and skipped', async (t) => {
  const { announcer, player, dropped, said } = setup(t)
  announcer.announce(call('A#1', 1))
  announcer.announce(call('A002', 2))
  await announcer.idle()
  t.same(player.heard, [said('A002', 2)])
  t.same(
    dropped.map((d) => [d.call.ticketNumber, d.reason]),
    [['A#1', 'unreadable']],
  )
})

t.test('blocked audio keeps the call and waits for resume()', async (t) => {
  const player = new FakePlayer()
  player.blockOn.add(0)
  let blocked = 0
  const { announcer, dropped, said } = setup(t, { onBlocked: () => blocked++ }, player)
  announcer.announce(call('A001', 1))
  announcer.announce(call('A002', 2))
  await announcer.idle()
  t.equal(blocked, 1)
  t.equal(announcer.blocked, true)
  t.equal(announcer.pending, 2, 'nothing lost while blocked')
  t.same(player.heard, [])
  announcer.resume()
  await announcer.idle()
  t.same(player.heard, [said('A001', 1), said('A002', 2)])
  t.same(dropped, [])
})

t.test('a long backlog drops older calls of a ticket that is called again first', async (t) => {
  const player = new FakePlayer()
  player.blockOn.add(0) // hold the queue still while it fills
  const { announcer, dropped } = setup(t, { maxBacklog: 5 }, player)
  for (const n of ['1', '2', '3', '2', '4']) announcer.announce(call(n, 1))
  await announcer.idle()
  t.equal(announcer.pending, 5)
  announcer.announce(call('5', 1))
  t.same(
    dropped.map((d) => [d.call.ticketNumber, d.reason]),
    [['2', 'superseded']],
    'the first call of ticket 2 went',
  )
  announcer.announce(call('6', 1))
  t.same(dropped.map((d) => [d.call.ticketNumber, d.reason]).at(-1), ['1', 'backlog'], 'with no repeats, the oldest went')
  announcer.resume()
  await announcer.idle()
  t.same(
    player.heard.map((ids) => ids[2]),
    ['3', '2', '4', '5', '6'].map((n) => announcementWords(n, 1, { reading: 'whole', languages: ['vi'] })[2]),
  )
})

t.test('settings changed while calls wait apply to them', async (t) => {
  const { announcer, player, said } = setup(t)
  announcer.announce(call('1023', 5))
  announcer.announce(call('1024', 6))
  announcer.configure({ reading: 'digits', languages: ['vi', 'en'] })
  await announcer.idle()
  t.same(player.heard, [said('1023', 5), announcementWords('1024', 6, { reading: 'digits', languages: ['vi', 'en'] })])
})

t.test('dispose stops at once and ignores later calls', async (t) => {
  const player = new FakePlayer()
  player.hangOn.add(0)
  const { announcer } = setup(t, { timeoutMs: 60_000 }, player)
  announcer.announce(call('A001', 1))
  announcer.announce(call('A002', 2))
  await sleep(5)
  announcer.dispose()
  await announcer.idle()
  t.equal(announcer.announce(call('A003', 3)), false)
  t.equal(announcer.pending, 0)
  t.same(player.heard, [])
})
