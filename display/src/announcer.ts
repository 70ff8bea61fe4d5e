/**
 * Voice announcements of the waiting-room display: a queue that says one call at a time, and a
 * player for the browser that plays the sound pack's clips (display/public/sounds).
 *
 * No Lit and no DOM at import time, so the queue runs under Node in tests with a fake player.
 */
import { announcementWords, clipDefinition, type AnnouncementLanguage, type VietnameseNumberOptions } from '../../shared/announce.js'
import type { NumberReading } from '../../shared/constants.js'

/** Plays one announcement: the clips in order, resolving when the last one has finished. */
export interface ClipPlayer {
  /** Rejects with a `NotAllowedError` when the browser blocks audio until the user interacts. */
  play(clipIds: string[]): Promise<void>
  /** Cuts the current announcement short; its `play()` settles soon after. */
  stop?(): void
}

/** One call to announce. `key` identifies the delivery (e.g. the event's seq) for de-duplication. */
export interface AnnouncementCall {
  ticketNumber: string
  counterNumber: number
  key: string
}

export type DropReason = 'superseded' | 'backlog' | 'unreadable' | 'failed' | 'timeout'

export interface AnnouncerOptions extends VietnameseNumberOptions {
  reading: NumberReading
  languages: readonly AnnouncementLanguage[]
  /**
   * How long one announcement may take before it is cut short and the next one starts. A clip
   * that never ends (a stalled download, a speech engine that forgets its `end` event) must not
   * silence the display for the rest of the day. Default: 5 s plus 1.5 s per clip.
   */
  timeoutMs?: number | ((clipIds: readonly string[]) => number)
  /** Pause between two announcements, so that they do not run into each other. Default 500 ms. */
  gapMs?: number
  /** Queued calls beyond which older ones are dropped (see `announce`). Default 50. */
  maxBacklog?: number
  /** How many delivery keys are remembered for de-duplication. Default 1000. */
  rememberKeys?: number
  /** A call that was not (fully) announced, and why. */
  onDropped?: (call: AnnouncementCall, reason: DropReason, error?: unknown) => void
  /** Audio is blocked until someone taps the screen; the queue waits for `resume()`. */
  onBlocked?: () => void
}

const DEFAULTS = { gapMs: 500, maxBacklog: 50, rememberKeys: 1000 }

function defaultTimeout(clipIds: readonly string[]): number {
  return 5000 + 1500 * clipIds.length
}

export function isNotAllowedError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotAllowedError'
}

function sameTicket(a: AnnouncementCall, b: AnnouncementCall): boolean {
  return a.ticketNumber.trim().toUpperCase() === b.ticketNumber.trim().toUpperCase()
}

type Outcome = { kind: 'done' } | { kind: 'timeout' } | { kind: 'blocked'; error: unknown } | { kind: 'failed'; error: unknown }

/**
 * Says calls one after another, in the order they arrive.
 *
 * - Never two at once; a call made while another is playing waits its turn.
 * - Every call is said, recalls included: the same ticket called again is announced again.
 *   Only a second delivery of the same event (same `key`, e.g. replayed after a resync) is ignored.
 * - An announcement that takes longer than `timeoutMs` is stopped and the queue moves on.
 * - When the browser blocks audio, the call stays at the head of the queue, `onBlocked` fires and
 *   the queue waits for `resume()` (called after the user's tap has unlocked audio).
 * - The backlog is capped at `maxBacklog`: when a new call would exceed it, the oldest queued call
 *   for a ticket that is called again later in the queue is dropped first (the later call says
 *   the same number, with the counter that is current); if there is none, the oldest call is
 *   dropped, since by then it is minutes old and its number is still on screen.
 */
export class Announcer {
  #player: ClipPlayer
  #opts: AnnouncerOptions
  #queue: AnnouncementCall[] = []
  #seenKeys = new Set<string>()
  #running = false
  #paused = false
  #disposed = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #wakeGap: (() => void) | undefined
  /** Settles the announcement in progress without waiting for the player (used by `dispose`). */
  #abandon: (() => void) | undefined
  #idleWaiters: (() => void)[] = []

  constructor(player: ClipPlayer, opts: AnnouncerOptions) {
    this.#player = player
    this.#opts = { ...opts }
  }

  /** Changes settings (e.g. the site's number reading); queued calls are said with the new ones. */
  configure(opts: Partial<AnnouncerOptions>): void {
    this.#opts = { ...this.#opts, ...opts }
  }

  /** Queues a call. Returns false when this delivery (`key`) was already queued or announced. */
  announce(call: AnnouncementCall): boolean {
    if (this.#disposed || this.#seenKeys.has(call.key)) return false
    this.#rememberKey(call.key)
    const max = Math.max(1, this.#opts.maxBacklog ?? DEFAULTS.maxBacklog)
    while (this.#queue.length >= max) this.#dropOne(call)
    this.#queue.push({ ...call })
    void this.#drain()
    return true
  }

  /** Calls waiting to be said (not counting the one playing). */
  get pending(): number {
    return this.#queue.length
  }

  /** True while audio is blocked and the queue waits for `resume()`. */
  get blocked(): boolean {
    return this.#paused
  }

  /** Continues after audio was blocked, starting with the call that could not be played. */
  resume(): void {
    if (!this.#paused) return
    this.#paused = false
    void this.#drain()
  }

  /** Resolves when nothing is playing and nothing is queued (or the queue waits for `resume()`). */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Stops for good: empties the queue, stops the player, releases timers. */
  dispose(): void {
    this.#disposed = true
    this.#queue = []
    this.#seenKeys.clear()
    clearTimeout(this.#timer)
    this.#wakeGap?.()
    this.#abandon?.()
    this.#player.stop?.()
  }

  #rememberKey(key: string): void {
    this.#seenKeys.add(key)
    const limit = this.#opts.rememberKeys ?? DEFAULTS.rememberKeys
    for (const old of this.#seenKeys) {
      if (this.#seenKeys.size <= limit) break
      this.#seenKeys.delete(old)
    }
  }

  #dropOne(incoming: AnnouncementCall): void {
    const q = this.#queue
    const superseded = q.findIndex((c, i) => sameTicket(c, incoming) || q.slice(i + 1).some((later) => sameTicket(c, later)))
    const index = superseded === -1 ? 0 : superseded
    const [dropped] = q.splice(index, 1)
    if (dropped) this.#opts.onDropped?.(dropped, superseded === -1 ? 'backlog' : 'superseded')
  }

  async #drain(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      let first = true
      while (!this.#paused && !this.#disposed) {
        const call = this.#queue.shift()
        if (!call) break
        if (!first) await this.#gap()
        first = false
        if (this.#disposed) break
        let clipIds: string[]
        try {
          clipIds = announcementWords(call.ticketNumber, call.counterNumber, this.#opts)
        } catch (error) {
          this.#opts.onDropped?.(call, 'unreadable', error)
          continue
        }
        const outcome = await this.#playWithTimeout(clipIds)
        if (this.#disposed) break
        if (outcome.kind === 'blocked') {
          this.#queue.unshift(call)
          this.#paused = true
          this.#opts.onBlocked?.()
        } else if (outcome.kind === 'timeout') {
          this.#opts.onDropped?.(call, 'timeout')
        } else if (outcome.kind === 'failed') {
          this.#opts.onDropped?.(call, 'failed', outcome.error)
        }
      }
    } finally {
      this.#running = false
      for (const resolve of this.#idleWaiters.splice(0)) resolve()
    }
  }

  #gap(): Promise<void> {
    const ms = this.#opts.gapMs ?? DEFAULTS.gapMs
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      this.#wakeGap = () => {
        clearTimeout(this.#timer)
        this.#wakeGap = undefined
        resolve()
      }
      this.#timer = setTimeout(this.#wakeGap, ms)
    })
  }

  #playWithTimeout(clipIds: string[]): Promise<Outcome> {
    const timeout = this.#opts.timeoutMs ?? defaultTimeout
    const ms = typeof timeout === 'function' ? timeout(clipIds) : timeout
    return new Promise<Outcome>((resolve) => {
      let settled = false
      const finish = (outcome: Outcome) => {
        if (settled) return
        settled = true
        clearTimeout(this.#timer)
        this.#abandon = undefined
        resolve(outcome)
      }
      this.#abandon = () => finish({ kind: 'timeout' })
      this.#timer = setTimeout(() => {
        finish({ kind: 'timeout' })
        try {
          this.#player.stop?.()
        } catch {
          // A player that cannot even stop is still left behind: the next call goes ahead.
        }
      }, ms)
      let playing: Promise<void>
      try {
        playing = this.#player.play(clipIds)
      } catch (error) {
        playing = Promise.reject(error)
      }
      playing.then(
        () => finish({ kind: 'done' }),
        (error: unknown) => finish(isNotAllowedError(error) ? { kind: 'blocked', error } : { kind: 'failed', error }),
      )
    })
  }
}

/** The parts of `speechSynthesis` the player uses (injectable for tests). */
export interface SpeechEngine {
  speak(utterance: SpeechSynthesisUtterance): void
  cancel(): void
  getVoices(): SpeechSynthesisVoice[]
}

export interface AudioClipPlayerOptions {
  /** Where the pack lives; a clip id `vi/nam` is fetched from `<baseUrl>vi/nam.wav`. */
  baseUrl?: string
  /** Called when the browser blocks audio until the user interacts with the page. */
  onBlocked?: () => void
  createAudio?: () => HTMLAudioElement
  speech?: SpeechEngine | null
  createUtterance?: (text: string) => SpeechSynthesisUtterance
}

const SPEECH_LANG: Record<AnnouncementLanguage, string> = { vi: 'vi-VN', en: 'en-US' }

/**
 * Plays clips one after another through a single reused `HTMLAudioElement`. A clip whose file is
 * missing or unplayable is said by `speechSynthesis` instead (a vi-VN voice for `vi/` clips), so a
 * half-replaced pack still speaks. When autoplay is blocked, `blocked` becomes true, `onBlocked`
 * fires and `play()` rejects with the browser's `NotAllowedError`; call `unlock()` from a tap.
 */
export class AudioClipPlayer implements ClipPlayer {
  /** True after the browser refused to play without a user gesture, until `unlock()` succeeds. */
  blocked = false
  onBlocked: (() => void) | undefined
  readonly #baseUrl: string
  readonly #createAudio: () => HTMLAudioElement
  readonly #speech: SpeechEngine | null
  readonly #createUtterance: (text: string) => SpeechSynthesisUtterance
  #audio: HTMLAudioElement | undefined
  /** Ends the clip in progress (used by `stop()`). */
  #abortClip: (() => void) | undefined
  /** Bumped by `stop()` so that a sequence in progress notices it was cut short. */
  #generation = 0

  constructor(opts: AudioClipPlayerOptions = {}) {
    this.#baseUrl = opts.baseUrl ?? '/display/sounds/'
    this.onBlocked = opts.onBlocked
    this.#createAudio = opts.createAudio ?? (() => new Audio())
    this.#speech = opts.speech !== undefined ? opts.speech : (globalThis.speechSynthesis ?? null)
    this.#createUtterance = opts.createUtterance ?? ((text) => new SpeechSynthesisUtterance(text))
  }

  async play(clipIds: string[]): Promise<void> {
    const generation = ++this.#generation
    try {
      for (const id of clipIds) {
        if (generation !== this.#generation) return
        const played = await this.#playFile(id)
        if (played === 'missing' && generation === this.#generation) await this.#speak(id)
      }
    } finally {
      if (generation === this.#generation) this.#release()
    }
  }

  stop(): void {
    this.#generation++
    this.#abortClip?.()
    this.#speech?.cancel()
    this.#release()
  }

  /**
   * Call from a user gesture (the "enable sound" button): plays a muted clip to confirm the page
   * may now play audio. Resolves true when audio is allowed.
   */
  async unlock(): Promise<boolean> {
    const audio = this.#element()
    audio.muted = true
    audio.src = `${this.#baseUrl}chime.wav`
    try {
      await audio.play()
      audio.pause()
      this.blocked = false
      return true
    } catch (error) {
      if (!isNotAllowedError(error)) {
        // The file may be missing; the gesture has still unlocked the page.
        this.blocked = false
        return true
      }
      return false
    } finally {
      audio.muted = false
      this.#release()
    }
  }

  /** Releases the audio element; call when the display is torn down. */
  dispose(): void {
    this.stop()
    this.#audio = undefined
  }

  #element(): HTMLAudioElement {
    this.#audio ??= this.#createAudio()
    return this.#audio
  }

  /** Frees the decoded media but keeps the element for the next announcement. */
  #release(): void {
    const audio = this.#audio
    if (!audio || !audio.getAttribute('src')) return
    audio.pause()
    audio.removeAttribute('src')
    audio.load()
  }

  #reportBlocked(): void {
    const first = !this.blocked
    this.blocked = true
    if (first) this.onBlocked?.()
  }

  #playFile(id: string): Promise<'played' | 'missing'> {
    const audio = this.#element()
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        audio.removeEventListener('ended', onEnded)
        audio.removeEventListener('error', onError)
        this.#abortClip = undefined
      }
      const onEnded = () => {
        cleanup()
        resolve('played')
      }
      const onError = () => {
        cleanup()
        resolve('missing')
      }
      this.#abortClip = () => {
        cleanup()
        audio.pause()
        resolve('played')
      }
      audio.addEventListener('ended', onEnded)
      audio.addEventListener('error', onError)
      audio.src = `${this.#baseUrl}${id}.wav`
      audio.play().catch((error: unknown) => {
        if (isNotAllowedError(error)) {
          cleanup()
          this.#reportBlocked()
          reject(error)
        } else if ((error as { name?: unknown } | null)?.name !== 'AbortError') {
          // NotSupportedError: no playable file at that address (404, bad format).
          onError()
        }
        // AbortError: interrupted by stop() or a new src; the listeners already settled it.
      })
    })
  }

  #speak(id: string): Promise<void> {
    const clip = clipDefinition(id)
    const speech = this.#speech
    if (!speech || !clip?.text || !clip.lang) return Promise.resolve() // e.g. the chime: nothing to say instead
    const lang = SPEECH_LANG[clip.lang]
    const utterance = this.#createUtterance(clip.text)
    utterance.lang = lang
    const prefix = lang.slice(0, 2)
    const voice = speech.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(prefix))
    if (voice) utterance.voice = voice
    return new Promise((resolve, reject) => {
      const done = () => {
        utterance.onend = null
        utterance.onerror = null
        this.#abortClip = undefined
        resolve()
      }
      utterance.onend = done
      utterance.onerror = (event: SpeechSynthesisErrorEvent) => {
        if (event.error === 'not-allowed') {
          utterance.onend = null
          utterance.onerror = null
          this.#abortClip = undefined
          this.#reportBlocked()
          reject(new DOMException('speech synthesis needs a user gesture', 'NotAllowedError'))
        } else done()
      }
      this.#abortClip = done
      speech.speak(utterance)
    })
  }
}

/** The parts of the Web Audio API the gapless player uses (a real `AudioContext`, or a fake in tests). */
export interface WebAudioContext {
  readonly state: string
  readonly currentTime: number
  readonly destination: AudioNode
  resume(): Promise<void>
  close?(): Promise<void>
  decodeAudioData(data: ArrayBuffer, onDecoded?: (buffer: AudioBuffer) => void, onError?: (error: unknown) => void): Promise<AudioBuffer> | void
  createBufferSource(): AudioBufferSourceNode
}

/** One clip of an announcement as it was handed to the audio hardware: AudioContext time, seconds. */
export interface ScheduledClip {
  id: string
  start: number
  duration: number
}

export interface WebAudioClipPlayerOptions {
  baseUrl?: string
  /** Called when the browser keeps the audio context suspended until the user interacts. */
  onBlocked?: () => void
  createContext: () => WebAudioContext
  /** Plays an announcement one clip at a time when a clip of it cannot be decoded (speech for that clip). */
  fallback: ClipPlayer & { unlock?(): Promise<boolean> }
  /** The file's bytes, or null when there is none (404, network error). Default: `fetch`. */
  load?: (url: string) => Promise<ArrayBuffer | null>
  /** Each announcement's clips as they were scheduled, back to back (for the audio log). */
  onScheduled?: (clips: readonly ScheduledClip[]) => void
  /** How long `resume()` may take before the context counts as blocked. Default 1500 ms. */
  resumeWaitMs?: number
  /** Decoded clips kept for the next announcements (the pack has about 60). Default 200. */
  cacheSize?: number
}

/** A little headroom before the first clip, so that it is not cut while the audio thread catches up. */
const LEAD_SECONDS = 0.05

function notAllowed(): DOMException {
  return new DOMException('the audio context needs a user gesture to start', 'NotAllowedError')
}

async function loadWithFetch(url: string): Promise<ArrayBuffer | null> {
  try {
    const res = await fetch(url)
    return res.ok ? await res.arrayBuffer() : null
  } catch {
    return null
  }
}

/**
 * Plays an announcement without gaps: every clip is decoded with `AudioContext.decodeAudioData`
 * and the buffers are scheduled back to back (`AudioBufferSourceNode.start(when)`), each starting
 * exactly when the previous one ends, so "một nghìn không trăm hai mươi ba" runs together as one
 * phrase. (Through an `HTMLAudioElement` each clip waits for the previous one's `ended` event and
 * for its own load: 100 ms or more of silence between words.)
 *
 * When a clip has no file or cannot be decoded, the whole announcement goes to `fallback`
 * (the element player, which says that clip with speech synthesis). An audio context that the
 * browser keeps suspended (no user gesture yet) makes `play()` reject with `NotAllowedError`, as
 * the element player does; `unlock()` from a tap resumes it.
 */
export class WebAudioClipPlayer implements ClipPlayer {
  blocked = false
  onBlocked: (() => void) | undefined
  readonly #opts: WebAudioClipPlayerOptions
  readonly #baseUrl: string
  readonly #load: (url: string) => Promise<ArrayBuffer | null>
  #context: WebAudioContext | undefined
  /** Decoded clips, least recently used first; null: the clip has no playable file. */
  #cache = new Map<string, AudioBuffer | null>()
  #sources: AudioBufferSourceNode[] = []
  #finish: (() => void) | undefined
  #generation = 0
  #usingFallback = false

  constructor(opts: WebAudioClipPlayerOptions) {
    this.#opts = opts
    this.#baseUrl = opts.baseUrl ?? '/display/sounds/'
    this.#load = opts.load ?? loadWithFetch
    this.onBlocked = opts.onBlocked
  }

  async play(clipIds: string[]): Promise<void> {
    const generation = ++this.#generation
    const context = this.#contextNow()
    if (!(await this.#running(context))) {
      this.#reportBlocked()
      throw notAllowed()
    }
    const buffers = await Promise.all(clipIds.map((id) => this.#buffer(context, id)))
    if (generation !== this.#generation) return
    if (buffers.some((b) => b === null)) {
      this.#usingFallback = true
      try {
        await this.#opts.fallback.play(clipIds)
      } finally {
        this.#usingFallback = false
      }
      return
    }
    await new Promise<void>((resolve) => {
      const scheduled: ScheduledClip[] = []
      let when = context.currentTime + LEAD_SECONDS
      const sources: AudioBufferSourceNode[] = []
      buffers.forEach((buffer, i) => {
        const source = context.createBufferSource()
        source.buffer = buffer
        source.connect(context.destination)
        source.start(when)
        sources.push(source)
        scheduled.push({ id: clipIds[i]!, start: when, duration: buffer!.duration })
        when += buffer!.duration
      })
      this.#sources = sources
      const finish = () => {
        if (this.#finish !== finish) return
        this.#finish = undefined
        this.#sources = []
        for (const s of sources) {
          s.onended = null
          s.disconnect()
        }
        resolve()
      }
      this.#finish = finish
      const last = sources[sources.length - 1]
      if (last) last.onended = finish
      else finish()
      this.#opts.onScheduled?.(scheduled)
    })
  }

  stop(): void {
    this.#generation++
    for (const source of this.#sources) {
      try {
        source.stop()
      } catch {
        // Not started yet or already stopped: nothing to cut.
      }
    }
    this.#finish?.()
    if (this.#usingFallback) this.#opts.fallback.stop?.()
  }

  /** Call from a user gesture: resumes the audio context (and unlocks the fallback element). */
  async unlock(): Promise<boolean> {
    const context = this.#contextNow()
    const running = this.#running(context)
    await this.#opts.fallback.unlock?.()
    if (!(await running)) return false
    this.blocked = false
    return true
  }

  /** Stops and closes the audio context; call when the display is torn down. */
  dispose(): void {
    this.stop()
    void this.#context?.close?.().catch(() => undefined)
    this.#context = undefined
    this.#cache.clear()
  }

  #contextNow(): WebAudioContext {
    this.#context ??= this.#opts.createContext()
    return this.#context
  }

  /** Resolves true once the context runs; false when the browser keeps it suspended. */
  async #running(context: WebAudioContext): Promise<boolean> {
    if (context.state === 'running') return true
    let timer: ReturnType<typeof setTimeout> | undefined
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#opts.resumeWaitMs ?? 1500)))
    // Chrome leaves resume() pending until a gesture allows audio; some browsers reject it.
    await Promise.race([context.resume().catch(() => undefined), waited])
    clearTimeout(timer)
    return context.state === 'running'
  }

  async #buffer(context: WebAudioContext, id: string): Promise<AudioBuffer | null> {
    if (this.#cache.has(id)) {
      const cached = this.#cache.get(id)!
      this.#cache.delete(id)
      this.#cache.set(id, cached)
      return cached
    }
    const bytes = await this.#load(`${this.#baseUrl}${id}.wav`)
    let buffer: AudioBuffer | null = null
    if (bytes) {
      try {
        // The callbacks too: old WebKit's decodeAudioData returns no promise.
        buffer = await new Promise<AudioBuffer>((resolve, reject) => {
          const decoding = context.decodeAudioData(bytes, resolve, reject)
          if (decoding && typeof decoding.then === 'function') decoding.then(resolve, reject)
        })
      } catch {
        buffer = null // not a WAV the browser can decode: said by the fallback
      }
    }
    // A missing file is asked for again next time: it may be added to the pack meanwhile.
    if (buffer) {
      this.#cache.set(id, buffer)
      const limit = this.#opts.cacheSize ?? 200
      for (const old of this.#cache.keys()) {
        if (this.#cache.size <= limit) break
        this.#cache.delete(old)
      }
    }
    return buffer
  }

  #reportBlocked(): void {
    const first = !this.blocked
    this.blocked = true
    if (first) this.onBlocked?.()
  }
}
