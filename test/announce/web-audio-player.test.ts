/**
 * The gapless Web Audio player under Node with a fake audio context: clips are scheduled back to
 * back, a missing clip sends the announcement to the element player, a suspended context counts
 * as blocked until a tap, and the announcement queue keeps its guarantees on top of it (one at a
 * time, recalls said again, a replayed delivery ignored, nothing dropped).
 */
import t from 'tap'
import { announcementWords } from '../../shared/announce.js'
import { Announcer, WebAudioClipPlayer, type ClipPlayer, type WebAudioContext } from '../../display/src/announcer.js'

/** A decoded clip: the fake "decodes" a file to its length, given in milliseconds by the file's bytes. */
interface FakeBuffer {
  duration: number
}

class FakeSource {
  buffer: FakeBuffer | null = null
  onended: (() => void) | null = null
  started: number | null = null
  stopped = false
  connected = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  constructor(private context: FakeContext) {}
  connect() {
    this.connected++
  }
  disconnect() {
    this.connected--
  }
  start(when: number) {
    this.started = when
    this.context.starts.push({ when, duration: this.buffer!.duration })
    this.context.playing++
    const ms = (when - this.context.currentTime + this.buffer!.duration) * 1000
    this.#timer = setTimeout(() => this.#end(), Math.max(0, ms))
  }
  stop() {
    this.stopped = true
    clearTimeout(this.#timer)
    this.#end()
  }
  #end() {
    this.context.playing--
    this.onended?.()
  }
}

class FakeContext implements WebAudioContext {
  state: string
  starts: { when: number; duration: number }[] = []
  playing = 0
  readonly destination = {} as AudioNode
  readonly #t0 = performance.now()
  /** While false, resume() stays pending, as Chrome's does before a user gesture. */
  allowed: boolean
  #pendingResumes: (() => void)[] = []
  constructor(allowed = true) {
    this.allowed = allowed
    this.state = 'suspended'
  }
  get currentTime() {
    return (performance.now() - this.#t0) / 1000
  }
  resume(): Promise<void> {
    if (this.allowed) {
      this.state = 'running'
      return Promise.resolve()
    }
    return new Promise((resolve) => this.#pendingResumes.push(resolve))
  }
  gesture() {
    this.allowed = true
    this.state = 'running'
    for (const resolve of this.#pendingResumes.splice(0)) resolve()
  }
  /** Old WebKit: decodeAudioData answers through its callbacks only and returns nothing. */
  callbacksOnly = false
  decodeAudioData(data: ArrayBuffer, onDecoded?: (b: AudioBuffer) => void, onError?: (e: unknown) => void): Promise<AudioBuffer> | void {
    const ms = new DataView(data).getUint16(0)
    if (this.callbacksOnly) {
      setTimeout(() => (ms === 0 ? onError?.(new DOMException('not audio', 'EncodingError')) : onDecoded?.({ duration: ms / 1000 } as AudioBuffer)), 1)
      return
    }
    if (ms === 0) return Promise.reject(new DOMException('not audio', 'EncodingError'))
    return Promise.resolve({ duration: ms / 1000 } as AudioBuffer)
  }
  createBufferSource(): AudioBufferSourceNode {
    return new FakeSource(this) as unknown as AudioBufferSourceNode
  }
}

/** Files of the pack: each 3 ms long unless listed; `missing` has no file, `garbled` does not decode. */
function loader(lengths: Record<string, number | 'missing' | 'garbled'> = {}) {
  const loaded: string[] = []
  const load = async (url: string) => {
    const id = url.replace('/display/sounds/', '').replace('.wav', '')
    loaded.push(id)
    const length = lengths[id] ?? 3
    if (length === 'missing') return null
    const bytes = new ArrayBuffer(2)
    new DataView(bytes).setUint16(0, length === 'garbled' ? 0 : length)
    return bytes
  }
  return { load, loaded }
}

class FallbackPlayer implements ClipPlayer {
  played: string[][] = []
  unlocks = 0
  async play(clipIds: string[]) {
    this.played.push(clipIds)
  }
  stop() {}
  async unlock() {
    this.unlocks++
    return true
  }
}

function setup(opts: { allowed?: boolean; lengths?: Record<string, number | 'missing' | 'garbled'> } = {}) {
  const context = new FakeContext(opts.allowed ?? true)
  const fallback = new FallbackPlayer()
  const files = loader(opts.lengths)
  const scheduled: string[][] = []
  let blocked = 0
  const player = new WebAudioClipPlayer({
    createContext: () => context,
    fallback,
    load: files.load,
    onScheduled: (clips) => scheduled.push(clips.map((c) => c.id)),
    onBlocked: () => blocked++,
    resumeWaitMs: 30,
  })
  return { context, fallback, files, scheduled, player, blocked: () => blocked }
}

t.test('clips are scheduled back to back, and play() settles when the last one ends', async (t) => {
  const { context, player, scheduled } = setup({ lengths: { chime: 7, 'vi/moi-cong-dan-co-so': 11 } })
  const ids = ['chime', 'vi/moi-cong-dan-co-so', 'vi/mot', 'vi/den-quay-so', 'vi/nam']
  await player.play(ids)
  t.same(scheduled, [ids])
  t.equal(context.starts.length, ids.length, 'one source per clip')
  t.same(
    context.starts.map((s) => s.duration),
    [0.007, 0.011, 0.003, 0.003, 0.003],
  )
  for (let i = 1; i < context.starts.length; i++) {
    const prev = context.starts[i - 1]!
    t.ok(Math.abs(context.starts[i]!.when - (prev.when + prev.duration)) < 1e-9, `clip ${i + 1} starts when clip ${i} ends`)
  }
  t.equal(context.playing, 0, 'all sources ended before play() settled')
})

t.test('decoded clips are reused; a missing file is asked for again', async (t) => {
  const { player, files, fallback } = setup({ lengths: { 'vi/bay': 'missing' } })
  await player.play(['chime', 'vi/mot'])
  await player.play(['chime', 'vi/mot', 'vi/bay'])
  await player.play(['vi/bay'])
  t.same(files.loaded, ['chime', 'vi/mot', 'vi/bay', 'vi/bay'], 'each file fetched once, the missing one each time')
  t.same(fallback.played, [['chime', 'vi/mot', 'vi/bay'], ['vi/bay']], 'an announcement with a missing clip goes whole to the element player')
})

t.test('old WebKit: decodeAudioData with callbacks only', async (t) => {
  const { context, player, fallback, scheduled } = setup({ lengths: { 'vi/tam': 'garbled' } })
  context.callbacksOnly = true
  await player.play(['chime', 'vi/mot'])
  t.same(scheduled, [['chime', 'vi/mot']], 'decoded through the callbacks and scheduled')
  await player.play(['vi/tam'])
  t.same(fallback.played, [['vi/tam']], 'a decoding error through the callback goes to the element player')
})

t.test('a clip that does not decode sends the announcement to the element player', async (t) => {
  const { player, fallback, scheduled } = setup({ lengths: { 'vi/tam': 'garbled' } })
  await player.play(['chime', 'vi/tam'])
  t.same(fallback.played, [['chime', 'vi/tam']])
  t.same(scheduled, [], 'nothing half-played through Web Audio')
})

t.test('a suspended context is blocked audio: NotAllowedError until a tap unlocks it', async (t) => {
  const { context, player, fallback, blocked, scheduled } = setup({ allowed: false })
  await t.rejects(player.play(['chime']), { name: 'NotAllowedError' })
  await t.rejects(player.play(['chime']), { name: 'NotAllowedError' })
  t.equal(blocked(), 1, 'onBlocked fires once')
  t.ok(player.blocked)
  // The tap: resume() is called inside the gesture and then allowed.
  const unlocking = player.unlock()
  context.gesture()
  t.equal(await unlocking, true)
  t.equal(fallback.unlocks, 1, 'the element player is unlocked by the same tap')
  t.notOk(player.blocked)
  await player.play(['chime'])
  t.same(scheduled, [['chime']])
})

t.test('stop() cuts the announcement short and play() settles', async (t) => {
  const { context, player } = setup({ lengths: { chime: 5000 } })
  const playing = player.play(['chime', 'vi/mot'])
  while (context.starts.length < 2) await new Promise((r) => setTimeout(r, 1))
  player.stop()
  await playing
  t.equal(context.playing, 0, 'every source stopped')
})

t.test('the queue on top of Web Audio: one at a time, recalls said again, replays ignored, nothing dropped', async (t) => {
  const { context, player, scheduled } = setup({ allowed: false })
  let blockedCalls = 0
  const dropped: string[] = []
  const announcer = new Announcer(player, {
    reading: 'whole',
    languages: ['vi'],
    gapMs: 1,
    onBlocked: () => blockedCalls++,
    onDropped: (call, reason) => dropped.push(`${call.key}:${reason}`),
  })
  t.teardown(() => announcer.dispose())
  const said = (n: string, c: number) => announcementWords(n, c, { reading: 'whole', languages: ['vi'] })
  t.equal(announcer.announce({ ticketNumber: '1001', counterNumber: 1, key: 'seq:1' }), true)
  await announcer.idle()
  t.equal(blockedCalls, 1, 'blocked until a tap')
  t.equal(announcer.announce({ ticketNumber: '2001', counterNumber: 2, key: 'seq:2' }), true)
  t.equal(announcer.announce({ ticketNumber: '1001', counterNumber: 1, key: 'seq:3' }), true, 'a recall is a new delivery')
  t.equal(announcer.announce({ ticketNumber: '2001', counterNumber: 2, key: 'seq:2' }), false, 'a replayed delivery is ignored')
  const unlocking = player.unlock()
  context.gesture()
  t.equal(await unlocking, true)
  announcer.resume()
  await announcer.idle()
  t.same(scheduled, [said('1001', 1), said('2001', 2), said('1001', 1)], 'the waiting call first, then the others in order, the recall again')
  // No two announcements overlap: each starts after the previous one's last clip ended.
  let at = 0
  let previousEnd = -Infinity
  for (const clips of scheduled) {
    const first = context.starts[at]!
    t.ok(first.when >= previousEnd, 'starts after the previous announcement ended')
    const last = context.starts[at + clips.length - 1]!
    previousEnd = last.when + last.duration
    at += clips.length
  }
  t.same(dropped, [], 'nothing dropped')
})
