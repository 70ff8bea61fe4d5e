import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { CLIPS, LETTERS, announcementWords, type AnnouncementOptions } from '../../shared/announce.js'
import { projectRoot } from '../../server/src/paths.js'

const SOUNDS = `${join(projectRoot, 'display', 'public', 'sounds')}/`
const manifest = JSON.parse(readFileSync(`${SOUNDS}manifest.json`, 'utf8')) as {
  format: { sampleRate: number; channels: number }
  clips: Record<string, string>
}

t.test('the call "Mời công dân có số 1023 đến quầy số 5", in Vietnamese', async (t) => {
  t.same(announcementWords('1023', 5, { reading: 'whole', languages: ['vi'] }), [
    'chime',
    'vi/moi-cong-dan-co-so',
    'vi/mot',
    'vi/nghin',
    'vi/khong',
    'vi/tram',
    'vi/hai',
    'vi/muoi',
    'vi/ba',
    'vi/den-quay-so',
    'vi/nam',
  ])
  t.same(announcementWords('1023', 5, { reading: 'digits', languages: ['vi'] }), [
    'chime',
    'vi/moi-cong-dan-co-so',
    'vi/mot',
    'vi/khong',
    'vi/hai',
    'vi/ba',
    'vi/den-quay-so',
    'vi/nam',
  ])
})

t.test('the same call in Vietnamese then English', async (t) => {
  t.same(announcementWords('1023', 5, { reading: 'whole', languages: ['vi', 'en'] }), [
    'chime',
    'vi/moi-cong-dan-co-so',
    'vi/mot',
    'vi/nghin',
    'vi/khong',
    'vi/tram',
    'vi/hai',
    'vi/muoi',
    'vi/ba',
    'vi/den-quay-so',
    'vi/nam',
    'en/ticket-number',
    'en/one',
    'en/zero',
    'en/two',
    'en/three',
    'en/please-go-to-counter',
    'en/five',
  ])
})

t.test('prefixed numbers, tone-distinct words and counters above ten', async (t) => {
  t.same(announcementWords('A021', 15, { reading: 'whole', languages: ['vi'] }), [
    'chime',
    'vi/moi-cong-dan-co-so',
    'vi/letter-a',
    'vi/hai',
    'vi/muoi',
    'vi/mot-sac',
    'vi/den-quay-so',
    'vi/muoi-huyen',
    'vi/lam',
  ])
  t.same(announcementWords('KD105', 12, { reading: 'whole', languages: ['en'] }), [
    'chime',
    'en/ticket-number',
    'en/letter-k',
    'en/letter-d',
    'en/one',
    'en/zero',
    'en/five',
    'en/please-go-to-counter',
    'en/twelve',
  ])
  t.same(announcementWords('A105', 1, { reading: 'whole', languages: ['vi'], zeroTens: 'le' }).slice(2, 7), [
    'vi/letter-a',
    'vi/mot',
    'vi/tram',
    'vi/le',
    'vi/nam',
  ])
  t.same(
    announcementWords('7', 3, { reading: 'whole', languages: [] }),
    announcementWords('7', 3, { reading: 'whole', languages: ['vi'] }),
    'no language means Vietnamese',
  )
  t.throws(() => announcementWords('7', -1, { reading: 'whole', languages: ['vi'] }), RangeError)
})

t.test('every clip an announcement can use is in the manifest and on disk', async (t) => {
  const referenced = new Set<string>()
  const variants: AnnouncementOptions[] = [
    { reading: 'whole', languages: ['vi', 'en'] },
    { reading: 'digits', languages: ['vi', 'en'] },
    { reading: 'whole', languages: ['vi'], zeroTens: 'le', four: 'tu' },
  ]
  for (const opts of variants) {
    for (let n = 0; n <= 9999; n++) for (const id of announcementWords(String(n), n % 100, opts)) referenced.add(id)
    for (const letter of Object.keys(LETTERS)) for (const id of announcementWords(`${letter}001`, 1, opts)) referenced.add(id)
    for (const id of announcementWords('1', 999_999, opts)) referenced.add(id)
  }
  t.ok(referenced.size > 100, `${referenced.size} clips referenced`)
  const missing = [...referenced].filter((id) => manifest.clips[id] !== `${id}.wav` || !existsSync(`${SOUNDS}${id}.wav`))
  t.same(missing, [], 'no clip missing')
  t.same(Object.keys(manifest.clips).sort(), CLIPS.map((c) => c.id).sort(), 'manifest lists exactly the clip set')
  t.same(
    [...referenced].filter((id) => !CLIPS.some((c) => c.id === id)),
    [],
    'the clip set covers every reference',
  )
})

t.test('clip ids are ASCII kebab-case paths', async (t) => {
  for (const { id } of CLIPS) t.match(id, /^(chime|(vi|en)\/[a-z0-9]+(-[a-z0-9]+)*)$/, id)
  t.equal(new Set(CLIPS.map((c) => c.id)).size, CLIPS.length, 'no id twice')
})

t.test('every file of the pack is a mono 16-bit PCM WAV with sound in it', async (t) => {
  let total = 0
  for (const [id, file] of Object.entries(manifest.clips)) {
    const bytes = readFileSync(`${SOUNDS}${file}`)
    total += bytes.length
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const ok =
      bytes.toString('ascii', 0, 4) === 'RIFF' &&
      bytes.toString('ascii', 8, 12) === 'WAVE' &&
      view.getUint16(20, true) === 1 &&
      view.getUint16(22, true) === 1 &&
      view.getUint32(24, true) === manifest.format.sampleRate &&
      view.getUint16(34, true) === 16 &&
      bytes.toString('ascii', 36, 40) === 'data'
    if (!ok) {
      t.fail(`${id}: not a mono 16-bit PCM WAV at ${manifest.format.sampleRate} Hz`)
      continue
    }
    const samples = view.getUint32(40, true) / 2
    let peak = 0
    for (let i = 0; i < samples; i++) peak = Math.max(peak, Math.abs(view.getInt16(44 + i * 2, true)))
    const seconds = samples / manifest.format.sampleRate
    if (seconds < 0.1 || seconds > 3 || peak < 8000) t.fail(`${id}: ${seconds.toFixed(2)} s, peak ${peak}`)
  }
  t.ok(total < 3 * 1024 * 1024, `pack is ${(total / 1024).toFixed(0)} KiB`)
})
