import t from 'tap'
import { AudioClipPlayer, type SpeechEngine } from '../../display/src/announcer.js'

type FileState = 'ok' | 'missing' | 'hang'

/** Just enough of HTMLAudioElement: plays "files" by URL, tracks listeners and loaded sources. */
class FakeAudio extends EventTarget {
  muted = false
  listeners = 0
  played: string[] = []
  #src: string | null = null
  constructor(
    private files: (url: string) => FileState,
    private autoplayAllowed: () => boolean,
  ) {
    super()
  }
  #pending: ReturnType<typeof setTimeout> | undefined
  set src(url: string) {
    // As the media load algorithm does: events still queued for the old source are dropped.
    clearTimeout(this.#pending)
    this.#src = url
  }
  get src(): string {
    return this.#src ?? ''
  }
  getAttribute(name: string) {
    return name === 'src' ? this.#src : null
  }
  removeAttribute(name: string) {
    if (name === 'src') this.src = null as unknown as string
  }
  load() {}
  pause() {}
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>) {
    this.listeners++
    super.addEventListener(...args)
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>) {
    this.listeners--
    super.removeEventListener(...args)
  }
  play(): Promise<void> {
    const url = this.src
    if (!this.autoplayAllowed()) return Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'))
    const state = this.files(url)
    if (state === 'missing') {
      this.#pending = setTimeout(() => this.dispatchEvent(new Event('error')), 1)
      return Promise.reject(new DOMException('no supported source', 'NotSupportedError'))
    }
    if (!this.muted) this.played.push(url)
    if (state === 'ok') this.#pending = setTimeout(() => this.dispatchEvent(new Event('ended')), 2)
    return Promise.resolve()
  }
}

function setup(files: Record<string, FileState> = {}, opts: { allowed?: boolean } = {}) {
  let allowed = opts.allowed ?? true
  const audio = new FakeAudio(
    (url) => files[url.replace('/display/sounds/', '').replace('.wav', '')] ?? 'ok',
    () => allowed,
  )
  const spoken: { text: string; lang: string; voice: string | undefined }[] = []
  const speech: SpeechEngine = {
    speak(u) {
      spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name })
      setTimeout(() => u.onend?.call(u, {} as SpeechSynthesisEvent), 1)
    },
    cancel() {},
    getVoices: () => [{ name: 'English', lang: 'en-US' } as SpeechSynthesisVoice, { name: 'Tiếng Việt', lang: 'vi-VN' } as SpeechSynthesisVoice],
  }
  let blockedCalls = 0
  const player = new AudioClipPlayer({
    createAudio: () => audio as unknown as HTMLAudioElement,
    speech,
    createUtterance: (text) => ({ text, lang: '', voice: null, onend: null, onerror: null }) as unknown as SpeechSynthesisUtterance,
    onBlocked: () => blockedCalls++,
  })
  return { player, audio, spoken, blocked: () => blockedCalls, allow: () => (allowed = true) }
}

t.test('plays the clip files in order and lets go of them afterwards', async (t) => {
  const { player, audio, spoken } = setup()
  await player.play(['chime', 'vi/moi-cong-dan-co-so', 'vi/nam'])
  t.same(audio.played, ['/display/sounds/chime.wav', '/display/sounds/vi/moi-cong-dan-co-so.wav', '/display/sounds/vi/nam.wav'])
  t.same(spoken, [])
  t.equal(audio.listeners, 0, 'no listener left behind')
  t.equal(audio.getAttribute('src'), null, 'the media is released')
})

t.test('a missing clip is said by speech synthesis in its language', async (t) => {
  const { player, audio, spoken } = setup({ 'vi/nam': 'missing', 'en/five': 'missing', chime: 'missing' })
  await player.play(['chime', 'vi/den-quay-so', 'vi/nam', 'en/five'])
  t.same(audio.played, ['/display/sounds/vi/den-quay-so.wav'])
  t.same(
    spoken,
    [
      { text: 'năm', lang: 'vi-VN', voice: 'Tiếng Việt' },
      { text: 'five', lang: 'en-US', voice: 'English' },
    ],
    'the chime has no words to fall back on; the numbers do',
  )
  t.equal(audio.listeners, 0)
})

t.test('blocked autoplay is reported once and play() rejects with NotAllowedError', async (t) => {
  const { player, audio, blocked, allow } = setup({}, { allowed: false })
  await t.rejects(player.play(['chime', 'vi/nam']), { name: 'NotAllowedError' })
  await t.rejects(player.play(['chime']), { name: 'NotAllowedError' })
  t.equal(player.blocked, true)
  t.equal(blocked(), 1, 'onBlocked fires once per blocked spell')
  t.equal(audio.listeners, 0)
  t.equal(await player.unlock(), false, 'still blocked without a gesture')
  allow()
  t.equal(await player.unlock(), true)
  t.equal(player.blocked, false)
  await player.play(['vi/nam'])
  t.same(audio.played, ['/display/sounds/vi/nam.wav'], 'the muted unlock clip is not heard')
})

t.test('stop() ends a clip that never finishes', async (t) => {
  const { player, audio } = setup({ 'vi/nam': 'hang' })
  const playing = player.play(['vi/nam', 'vi/hai'])
  await new Promise((resolve) => setTimeout(resolve, 5))
  player.stop()
  await playing
  t.same(audio.played, ['/display/sounds/vi/nam.wav'], 'the rest of the sequence is not played')
  t.equal(audio.listeners, 0)
  t.equal(audio.getAttribute('src'), null)
})
