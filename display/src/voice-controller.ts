/**
 * The display's voice: one `Announcer` queue playing the sound pack, gapless through Web Audio
 * (`WebAudioClipPlayer`), or through one reused audio element in a browser without Web Audio (and
 * for an announcement with a clip that has no playable file). Keeps a short, read-only log of the
 * clips that were played (`window.__qmsAudioLog`, one array of clip ids per announcement): the
 * clips scheduled on the audio context, or the ones the audio element actually started playing,
 * so tests can assert what the waiting room heard without listening to it. Each clip is logged
 * once: `playing` fires again when a clip resumes after a stall, which is not a second clip.
 * `window.__qmsAudioSchedule` holds, for the same announcements, when each Web Audio clip was
 * scheduled to start and how long it lasts (empty for the element path).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { Announcer, AudioClipPlayer, WebAudioClipPlayer, type AnnouncementCall, type ClipPlayer, type ScheduledClip } from './announcer.js'
import type { AnnouncementLanguage } from '../../shared/announce.js'
import type { NumberReading } from '../../shared/constants.js'

const SOUNDS = '/display/sounds/'
/** Announcements kept in the log: enough for any test, bounded for a display that runs for weeks. */
const LOG_KEPT = 100

declare global {
  interface Window {
    /** Clip ids each announcement played (scheduled on Web Audio, or started by the audio element), oldest first (a copy). */
    readonly __qmsAudioLog?: string[][]
    /** Per announcement, each Web Audio clip's start and duration in AudioContext seconds (a copy). */
    readonly __qmsAudioSchedule?: ScheduledClip[][]
    webkitAudioContext?: typeof AudioContext
  }
}

/** The browser's AudioContext (prefixed in old WebKit), or undefined without Web Audio. */
function audioContextClass(): typeof AudioContext | undefined {
  return window.AudioContext ?? window.webkitAudioContext
}

export class VoiceController implements ReactiveController {
  /** True while the browser blocks audio: the screen shows an "enable sound" button. */
  blocked = false
  #player: AudioClipPlayer | WebAudioClipPlayer | null = null
  #elementPlayer: AudioClipPlayer | null = null
  #announcer: Announcer | null = null
  #audio: HTMLAudioElement | null = null
  #log: string[][] = []
  #schedule: ScheduledClip[][] = []
  /** Set when a clip starts loading, cleared once it is logged: a resumed clip is not logged again. */
  #clipLoaded = false
  #settings: { reading: NumberReading; languages: AnnouncementLanguage[] } = { reading: 'whole', languages: ['vi'] }

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostConnected(): void {
    const elementPlayer = new AudioClipPlayer({
      baseUrl: SOUNDS,
      onBlocked: () => this.#setBlocked(true),
      createAudio: () => this.#createAudio(),
    })
    const Context = audioContextClass()
    const player = Context
      ? new WebAudioClipPlayer({
          baseUrl: SOUNDS,
          onBlocked: () => this.#setBlocked(true),
          createContext: () => new Context(),
          fallback: elementPlayer,
          onScheduled: (clips) => {
            this.#log[this.#log.length - 1]?.push(...clips.map((c) => c.id))
            this.#schedule[this.#schedule.length - 1]?.push(...clips)
          },
        })
      : elementPlayer
    // Each announcement opens a new log entry; the scheduled clips or the audio element's `playing` events fill it.
    const logged: ClipPlayer = {
      play: async (clipIds) => {
        const entry: string[] = []
        this.#log.push(entry)
        this.#schedule.push([])
        if (this.#log.length > LOG_KEPT) this.#log.splice(0, this.#log.length - LOG_KEPT)
        if (this.#schedule.length > LOG_KEPT) this.#schedule.splice(0, this.#schedule.length - LOG_KEPT)
        try {
          await player.play(clipIds)
        } catch (error) {
          // Blocked before a sound came out: the retry after the tap gets its own entry.
          if (entry.length === 0) {
            this.#log.splice(this.#log.indexOf(entry), 1)
            this.#schedule.pop()
          }
          throw error
        }
      },
      stop: () => player.stop(),
    }
    this.#player = player
    this.#elementPlayer = elementPlayer
    this.#announcer = new Announcer(logged, { ...this.#settings, onBlocked: () => this.#setBlocked(true) })
    Object.defineProperty(window, '__qmsAudioLog', {
      configurable: true,
      get: () => this.#log.map((entry) => [...entry]),
    })
    Object.defineProperty(window, '__qmsAudioSchedule', {
      configurable: true,
      get: () => this.#schedule.map((entry) => entry.map((c) => ({ ...c }))),
    })
  }

  hostDisconnected(): void {
    this.#announcer?.dispose()
    this.#player?.dispose()
    if (this.#elementPlayer !== this.#player) this.#elementPlayer?.dispose()
    this.#audio?.removeEventListener('loadstart', this.#onLoadStart)
    this.#audio?.removeEventListener('playing', this.#onPlaying)
    this.#announcer = null
    this.#player = null
    this.#elementPlayer = null
    this.#audio = null
  }

  /** The site's number reading and the display's languages; queued calls use the new ones. */
  configure(reading: NumberReading, languages: AnnouncementLanguage[]): void {
    if (reading === this.#settings.reading && languages.join() === this.#settings.languages.join()) return
    this.#settings = { reading, languages: [...languages] }
    this.#announcer?.configure(this.#settings)
  }

  /** Queues a call; `key` (the event's seq) makes a second delivery of the same event a no-op. */
  announce(call: AnnouncementCall): void {
    this.#announcer?.announce(call)
  }

  /** From the "enable sound" tap: unlocks audio and says the calls that waited. */
  async enableSound(): Promise<void> {
    if (!this.#player || !(await this.#player.unlock())) return
    this.#setBlocked(false)
    this.#announcer?.resume()
  }

  #createAudio(): HTMLAudioElement {
    const audio = new Audio()
    audio.preload = 'auto'
    audio.addEventListener('loadstart', this.#onLoadStart)
    audio.addEventListener('playing', this.#onPlaying)
    this.#audio = audio
    return audio
  }

  readonly #onLoadStart = (): void => {
    this.#clipLoaded = true
  }

  readonly #onPlaying = (): void => {
    const audio = this.#audio
    const entry = this.#log[this.#log.length - 1]
    if (!audio || audio.muted || !entry) return // the muted unlock probe is not an announcement
    // Playing again after a stall (waiting → playing) is the same clip, already logged.
    if (!this.#clipLoaded) return
    this.#clipLoaded = false
    const path = decodeURIComponent(new URL(audio.currentSrc || audio.src, location.href).pathname)
    if (path.startsWith(SOUNDS) && path.endsWith('.wav')) entry.push(path.slice(SOUNDS.length, -'.wav'.length))
  }

  #setBlocked(blocked: boolean): void {
    if (this.blocked === blocked) return
    this.blocked = blocked
    this.host.requestUpdate()
  }
}
