/**
 * The display's voice: one `Announcer` queue playing the sound pack through one reused audio
 * element. Keeps a short, read-only log of the clips the audio element actually started playing
 * (`window.__qmsAudioLog`, one array of clip ids per announcement) so tests can assert what the
 * waiting room heard without listening to it. Each clip is logged once: `playing` fires again when
 * a clip resumes after a stall, which is not a second clip.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { Announcer, AudioClipPlayer, type AnnouncementCall, type ClipPlayer } from './announcer.js'
import type { AnnouncementLanguage } from '../../shared/announce.js'
import type { NumberReading } from '../../shared/constants.js'

const SOUNDS = '/display/sounds/'
/** Announcements kept in the log: enough for any test, bounded for a display that runs for weeks. */
const LOG_KEPT = 100

declare global {
  interface Window {
    /** Clip ids each announcement handed to the audio element, oldest first (a copy). */
    readonly __qmsAudioLog?: string[][]
  }
}

export class VoiceController implements ReactiveController {
  /** True while the browser blocks audio: the screen shows an "enable sound" button. */
  blocked = false
  #player: AudioClipPlayer | null = null
  #announcer: Announcer | null = null
  #audio: HTMLAudioElement | null = null
  #log: string[][] = []
  /** Set when a clip starts loading, cleared once it is logged: a resumed clip is not logged again. */
  #clipLoaded = false
  #settings: { reading: NumberReading; languages: AnnouncementLanguage[] } = { reading: 'whole', languages: ['vi'] }

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostConnected(): void {
    const player = new AudioClipPlayer({
      baseUrl: SOUNDS,
      onBlocked: () => this.#setBlocked(true),
      createAudio: () => this.#createAudio(),
    })
    // Each announcement opens a new log entry; the audio element's `playing` events fill it.
    const logged: ClipPlayer = {
      play: async (clipIds) => {
        const entry: string[] = []
        this.#log.push(entry)
        if (this.#log.length > LOG_KEPT) this.#log.splice(0, this.#log.length - LOG_KEPT)
        try {
          await player.play(clipIds)
        } catch (error) {
          // Blocked before a sound came out: the retry after the tap gets its own entry.
          if (entry.length === 0) this.#log.splice(this.#log.indexOf(entry), 1)
          throw error
        }
      },
      stop: () => player.stop(),
    }
    this.#player = player
    this.#announcer = new Announcer(logged, { ...this.#settings, onBlocked: () => this.#setBlocked(true) })
    Object.defineProperty(window, '__qmsAudioLog', {
      configurable: true,
      get: () => this.#log.map((entry) => [...entry]),
    })
  }

  hostDisconnected(): void {
    this.#announcer?.dispose()
    this.#player?.dispose()
    this.#audio?.removeEventListener('loadstart', this.#onLoadStart)
    this.#audio?.removeEventListener('playing', this.#onPlaying)
    this.#announcer = null
    this.#player = null
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
