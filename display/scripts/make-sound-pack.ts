/**
 * Generates the default sound pack in display/public/sounds/: one WAV per clip of
 * shared/announce.ts, spoken by eSpeak NG (Vietnamese and English voices), plus a synthesized
 * two-tone chime, and manifest.json.
 *
 *   npx tsx display/scripts/make-sound-pack.ts
 *
 * eSpeak NG (the `espeak-ng` npm package, WASM) is GPL-3.0: it is a devDependency used here,
 * offline, to make the files; it is never bundled into the display. The output is deterministic,
 * so running it again only changes files when the clip list or the settings below change.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHIME_CLIP, CLIPS, type ClipDefinition } from '../../shared/announce.js'

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'sounds')
const SAMPLE_RATE = 22_050 // eSpeak NG's native rate; the chime uses the same so a pack is uniform
const SPEED_WPM = 140 // a little slower than eSpeak's 175: a waiting room is noisy and echoes
const PEAK = 0.89 // about -1 dBFS, the same for every clip so words in a sequence match in loudness
const PAD_SECONDS = 0.03 // kept on each side after trimming so consonants are not clipped

type ESpeakModule = { FS: { readFile(path: string): Uint8Array } }
type ESpeakFactory = (opts: { arguments: string[]; print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<ESpeakModule>

// A non-literal specifier keeps TypeScript from looking for types the package does not ship.
const espeakPackage = 'espeak-ng'
const { default: ESpeakNg } = (await import(espeakPackage)) as { default: ESpeakFactory }

async function speak(text: string, lang: 'vi' | 'en'): Promise<Float32Array> {
  const errors: string[] = []
  const espeak = await ESpeakNg({
    arguments: ['-v', lang === 'vi' ? 'vi' : 'en-us', '-s', String(SPEED_WPM), '-w', '/out.wav', text],
    print: () => {},
    printErr: (s) => errors.push(s),
  })
  const { rate, samples } = decodeWav(espeak.FS.readFile('/out.wav'))
  if (rate !== SAMPLE_RATE) throw new Error(`eSpeak NG wrote ${rate} Hz, expected ${SAMPLE_RATE}`)
  if (samples.length === 0) throw new Error(`eSpeak NG said nothing for ${JSON.stringify(text)}: ${errors.join(' ')}`)
  return samples
}

/** Reads a 16-bit PCM mono WAV into floats in [-1, 1]. */
function decodeWav(bytes: Uint8Array): { rate: number; samples: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file')
  let rate = 0
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at)
    // eSpeak NG writes a placeholder size when it streams; the data then runs to the end.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8)
    if (id === 'fmt ') {
      const format = view.getUint16(at + 8, true)
      const channels = view.getUint16(at + 10, true)
      rate = view.getUint32(at + 12, true)
      const bits = view.getUint16(at + 22, true)
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`unexpected WAV format ${format}/${channels}ch/${bits}bit`)
    } else if (id === 'data') {
      const samples = new Float32Array(Math.floor(size / 2))
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + i * 2, true) / 32768
      return { rate, samples }
    }
    at += 8 + size + (size % 2)
  }
  throw new Error('WAV file without data')
}

/** 16-bit PCM mono WAV. */
function encodeWav(samples: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2)
  const view = new DataView(bytes.buffer)
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)))
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + samples.length * 2, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, rate, true)
  view.setUint32(28, rate * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  ascii(36, 'data')
  view.setUint32(40, samples.length * 2, true)
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true)
  }
  return bytes
}

/** Cuts leading and trailing silence (10 ms windows below -40 dBFS RMS), keeps a short pad, fades the edges. */
function trim(samples: Float32Array, rate: number): Float32Array {
  const win = Math.round(rate * 0.01)
  const loud = (start: number) => {
    let sum = 0
    const end = Math.min(samples.length, start + win)
    for (let i = start; i < end; i++) sum += samples[i]! ** 2
    return Math.sqrt(sum / Math.max(1, end - start)) > 0.01
  }
  let first = 0
  while (first < samples.length && !loud(first)) first += win
  let last = samples.length
  while (last > first && !loud(last - win)) last -= win
  if (last <= first) throw new Error('clip is silent')
  const pad = Math.round(rate * PAD_SECONDS)
  const out = samples.slice(Math.max(0, first - pad), Math.min(samples.length, last + pad))
  const fade = Math.min(Math.round(rate * 0.005), Math.floor(out.length / 2))
  for (let i = 0; i < fade; i++) {
    out[i]! *= i / fade
    out[out.length - 1 - i]! *= i / fade
  }
  return out
}

function normalize(samples: Float32Array): Float32Array {
  let peak = 0
  for (const s of samples) peak = Math.max(peak, Math.abs(s))
  if (peak === 0) throw new Error('clip is silent')
  return samples.map((s) => (s * PEAK) / peak)
}

/**
 * A soft "ding-dong": E5 then C5, each a bell-like tone (fundamental plus a quiet octave and a
 * fainter twelfth) with a 8 ms attack and an exponential decay, the second overlapping the first.
 */
function chime(rate: number): Float32Array {
  const notes = [
    { start: 0, freq: 659.25, length: 0.9 },
    { start: 0.45, freq: 523.25, length: 1.2 },
  ]
  const total = Math.max(...notes.map((n) => n.start + n.length))
  const out = new Float32Array(Math.ceil(total * rate))
  for (const note of notes) {
    const offset = Math.round(note.start * rate)
    const count = Math.round(note.length * rate)
    for (let i = 0; i < count && offset + i < out.length; i++) {
      const t = i / rate
      const attack = Math.min(1, t / 0.008)
      const decay = Math.exp(-t * 3.2)
      const release = Math.min(1, (count - i) / (rate * 0.05)) // no click at the end of a note
      const tone =
        Math.sin(2 * Math.PI * note.freq * t) +
        0.35 * Math.sin(2 * Math.PI * note.freq * 2 * t) * Math.exp(-t * 4) +
        0.12 * Math.sin(2 * Math.PI * note.freq * 3 * t) * Math.exp(-t * 6)
      out[offset + i]! += tone * attack * decay * release
    }
  }
  return normalize(out).map((s) => s * 0.8) // a little under the voice: it announces, it does not startle
}

async function render(clip: ClipDefinition): Promise<Float32Array> {
  if (clip.id === CHIME_CLIP) return chime(SAMPLE_RATE)
  if (clip.text === null || clip.lang === null) throw new Error(`no way to make clip ${clip.id}`)
  return normalize(trim(await speak(clip.text, clip.lang), SAMPLE_RATE))
}

async function wavFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries.filter((e) => e.isFile() && e.name.endsWith('.wav')).map((e) => join(e.parentPath, e.name))
}

const manifest: Record<string, string> = {}
let totalBytes = 0
for (const clip of CLIPS) {
  const file = `${clip.id}.wav`
  const bytes = encodeWav(await render(clip), SAMPLE_RATE)
  await mkdir(dirname(join(OUT_DIR, file)), { recursive: true })
  await writeFile(join(OUT_DIR, file), bytes)
  manifest[clip.id] = file
  totalBytes += bytes.length
}
// A clip dropped from shared/announce.ts must not linger in the shipped pack.
const wanted = new Set(Object.values(manifest).map((f) => join(OUT_DIR, f)))
for (const path of await wavFilesUnder(OUT_DIR)) {
  if (!wanted.has(path)) {
    await rm(path)
    console.log(`removed stale ${relative(OUT_DIR, path)}`)
  }
}
const manifestJson = {
  description: 'Default sound pack of the waiting-room display; see README.md. Generated by display/scripts/make-sound-pack.ts.',
  format: { container: 'wav', encoding: 'pcm_s16le', channels: 1, sampleRate: SAMPLE_RATE },
  clips: manifest,
}
await writeFile(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifestJson, null, 2)}\n`)
console.log(`${CLIPS.length} clips, ${(totalBytes / 1024).toFixed(0)} KiB in ${relative(process.cwd(), OUT_DIR)}`)
