/**
 * What goes over the wire, from a listening server over real sockets: pages and bundles leave
 * precompressed (brotli when the client accepts it, gzip otherwise), the web fonts are WOFF2,
 * content-hashed files are cached for a year and the pages revalidated; then each screen's first
 * load in Chromium, summed from the Resource Timing API (encoded body sizes), stays small.
 * Needs `npm run build` (dist/public).
 */
import http from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { chromium, type Page } from 'playwright-core'
import { aDevice, baseUrl, build } from '../helpers/build.js'
import { chromiumPath, launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { paths } from '../../server/src/paths.js'

t.setTimeout(150_000)

interface Got {
  status: number
  headers: http.IncomingHttpHeaders
  /** The body as it came over the wire, still compressed. */
  raw: Buffer
}

/** One GET with node's http, which, unlike fetch, neither asks for nor undoes compression by itself. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, base), { headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
  })
}

function decoded(got: Got): Buffer {
  const enc = got.headers['content-encoding']
  return enc === 'br' ? brotliDecompressSync(got.raw) : enc === 'gzip' ? gunzipSync(got.raw) : got.raw
}

const IMMUTABLE = 'public, max-age=31536000, immutable'

t.test('pages, bundles and stylesheets go out precompressed; hashed files are kept a year, pages revalidated', async (t) => {
  const { app } = await build(t, { listen: true })
  const base = baseUrl(app)
  for (const screen of ['kiosk', 'display', 'counter']) {
    const plain = await get(base, `/${screen}/`)
    t.equal(plain.status, 200, `${screen}: the page is served`)
    t.notOk(plain.headers['content-encoding'], `${screen}: a client that accepts no encoding gets the plain page`)
    const html = plain.raw.toString('utf8')
    const script = /<script type="module" src="(app\.[A-Z0-9]{8}\.js)"><\/script>/.exec(html)?.[1]
    t.ok(script, `${screen}: the page names a content-hashed bundle (${script})`)
    t.notMatch(html, /\.ttf/, `${screen}: the page links no TTF`)
    const fontsCss = /href="(\/fonts\/fonts\.[0-9A-F]{8}\.css)"/.exec(html)?.[1]
    t.ok(fontsCss, `${screen}: and a content-hashed font stylesheet`)

    const br = await get(base, `/${screen}/`, { 'accept-encoding': 'gzip, deflate, br' })
    t.equal(br.headers['content-encoding'], 'br', `${screen}: brotli when the browser accepts it`)
    t.match(br.headers['content-type'], /^text\/html/, `${screen}: still labelled as HTML`)
    t.equal(decoded(br).toString('utf8'), html, `${screen}: the brotli page is the same page`)
    t.equal(br.headers['cache-control'], 'no-cache', `${screen}: the page is revalidated on every load, so a redeploy is picked up`)
    t.match(br.headers.vary, /accept-encoding/i, `${screen}: caches keep the encodings apart`)
    const gz = await get(base, `/${screen}/`, { 'accept-encoding': 'gzip, deflate' })
    t.equal(gz.headers['content-encoding'], 'gzip', `${screen}: gzip when brotli is not accepted`)
    t.equal(decoded(gz).toString('utf8'), html, `${screen}: the gzip page is the same page`)

    const bundle = await get(base, `/${screen}/${script}`, { 'accept-encoding': 'br, gzip' })
    t.equal(bundle.status, 200)
    t.equal(bundle.headers['content-encoding'], 'br', `${screen}: the bundle goes out as brotli`)
    t.match(bundle.headers['content-type'], /javascript/, `${screen}: labelled as JavaScript`)
    t.equal(bundle.headers['cache-control'], IMMUTABLE, `${screen}: the hashed bundle is cached for a year`)
    const onDisk = readFileSync(join(paths.public, screen, script!))
    t.ok(decoded(bundle).equals(onDisk), `${screen}: the brotli bundle unpacks to the built bundle`)
    t.ok(bundle.raw.length < onDisk.length / 2.5, `${screen}: brotli sends ${bundle.raw.length} of ${onDisk.length} bytes`)
    const bundleGz = await get(base, `/${screen}/${script}`, { 'accept-encoding': 'gzip' })
    t.equal(bundleGz.headers['content-encoding'], 'gzip')
    t.equal(bundleGz.headers['cache-control'], IMMUTABLE, `${screen}: the gzip copy is cached as long`)
    t.ok(decoded(bundleGz).equals(onDisk), `${screen}: the gzip bundle unpacks to the built bundle`)

    const css = await get(base, fontsCss!, { 'accept-encoding': 'br' })
    t.equal(css.headers['content-encoding'], 'br')
    t.equal(css.headers['cache-control'], IMMUTABLE, `${screen}: the hashed stylesheet is cached for a year`)
  }
})

t.test('the web fonts are WOFF2, cached for a year; the TTF stays with the printer', async (t) => {
  const { app } = await build(t, { listen: true })
  const base = baseUrl(app)
  const html = (await get(base, '/display/')).raw.toString('utf8')
  const cssPath = /href="(\/fonts\/fonts\.[0-9A-F]{8}\.css)"/.exec(html)![1]!
  const css = (await get(base, cssPath)).raw.toString('utf8')
  const fonts = [...css.matchAll(/url\('([^']+)'\) format\('([^']+)'\)/g)].map((m) => ({ url: m[1]!, format: m[2]! }))
  t.equal(fonts.length, 3, 'three weights: regular, bold, extra bold')
  t.ok(
    fonts.every((f) => f.format === 'woff2' && /\.[0-9A-F]{8}\.woff2$/.test(f.url)),
    'each one a content-hashed WOFF2',
  )
  const preload = /<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin \/>/.exec(html)?.[1]
  t.ok(preload && fonts.some((f) => f.url === preload), 'the display preloads the WOFF2 it draws numbers with')
  for (const font of fonts) {
    const got = await get(base, font.url, { 'accept-encoding': 'br, gzip' })
    t.equal(got.status, 200)
    t.equal(got.headers['content-type'], 'font/woff2', `${font.url} is served as font/woff2`)
    t.equal(got.raw.subarray(0, 4).toString('latin1'), 'wOF2', 'and is a WOFF2 file')
    t.notOk(got.headers['content-encoding'], 'not compressed twice')
    t.equal(got.headers['cache-control'], IMMUTABLE, 'cached for a year')
    t.ok(got.raw.length < 45_000, `${font.url}: ${got.raw.length} bytes (the TTF is about 135 000)`)
  }
  t.equal((await get(base, '/fonts/be-vietnam-pro-bold.ttf')).status, 404, 'the TTF is no longer sent to screens')
  t.equal(
    readFileSync(join(paths.assets, 'fonts', 'be-vietnam-pro-bold.ttf'))
      .subarray(0, 4)
      .toString('hex'),
    '00010000',
    'the printer still has its TrueType font',
  )
})

interface Load {
  bytes: number
  files: { name: string; bytes: number }[]
  encodings: Record<string, string>
}

/** Opens a screen in a fresh context and sums what came over the wire: the page and every resource it fetched. */
async function firstLoad(page: Page, url: string, ready: (page: Page) => Promise<unknown>): Promise<Load> {
  const encodings: Record<string, string> = {}
  page.on('response', async (res) => {
    encodings[new URL(res.url()).pathname] = (await res.allHeaders())['content-encoding'] ?? 'none'
  })
  await page.goto(url)
  await ready(page)
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.waitForLoadState('networkidle')
  const files = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      name: new URL(e.name).pathname,
      bytes: (e as PerformanceResourceTiming).encodedBodySize,
    })),
  )
  return { bytes: files.reduce((n, f) => n + f.bytes, 0), files, encodings }
}

t.test('each screen’s first load in Chromium: compressed, WOFF2 fonts, well under the old 510–580 KB', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const base = baseUrl(app)
  const browser = await launch(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const display = await aDevice(app, 'display', { languages: ['vi'], theme: 'dark' })
  const screens: [string, string, (page: Page) => Promise<unknown>][] = [
    ['kiosk', `${base}/kiosk/#token=${kiosk.token}`, (p) => p.locator('qms-service-tile').first().waitFor({ timeout: 20_000 })],
    ['display', `${base}/display/#token=${display.token}`, (p) => p.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 20_000 })],
    ['counter', `${base}/counter/`, (p) => p.getByLabel('Mật khẩu').waitFor({ timeout: 20_000 })],
  ]
  const measured: Record<string, number> = {}
  for (const [name, url, ready] of screens) {
    const { page, context } = await newPage(browser, { width: 1366, height: 768 })
    const load = await firstLoad(page, url, ready)
    await context.close()
    measured[name] = load.bytes
    const compressible = Object.entries(load.encodings).filter(([p]) => /\.(js|css)$|\/$/.test(p))
    t.ok(compressible.length >= 3, `${name}: page, bundle and stylesheet seen`)
    t.same(
      compressible.filter(([, e]) => e !== 'br'),
      [],
      `${name}: Chromium gets the page, bundle and stylesheet as brotli on localhost`,
    )
    const fonts = load.files.filter((f) => /\/fonts\/.+\.(woff2|ttf)$/.test(f.name))
    t.ok(fonts.length > 0 && fonts.every((f) => f.name.endsWith('.woff2')), `${name}: fonts arrive as WOFF2 (${fonts.length})`)
    t.ok(load.bytes < 250_000, `${name}: first load ${load.bytes} bytes, under 250 000`)
    t.comment(`${name}: ${load.bytes} bytes: ${load.files.map((f) => `${f.name} ${f.bytes}`).join(', ')}`)
  }
  // A LAN address over plain http is not a secure origin: Chromium then offers only gzip.
  const lan = await chromium.launch({ executablePath: chromiumPath!, args: ['--no-sandbox', '--host-resolver-rules=MAP qms.lan 127.0.0.1'] })
  t.teardown(() => lan.close())
  const port = new URL(base).port
  const context = await lan.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const load = await firstLoad(page, `http://qms.lan:${port}/display/#token=${display.token}`, (p) =>
    p.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 20_000 }),
  )
  const compressible = Object.entries(load.encodings).filter(([p]) => /\.(js|css)$|\/$/.test(p))
  t.ok(compressible.length >= 3)
  t.same(
    compressible.filter(([, e]) => e !== 'br' && e !== 'gzip'),
    [],
    'on a LAN name every text file still arrives compressed',
  )
  t.comment(`display over a LAN name: ${load.bytes} bytes, encodings ${JSON.stringify(load.encodings)}`)
  t.comment(`first loads: ${JSON.stringify(measured)}`)
})

t.test('a second load takes the hashed files from the cache', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const display = await aDevice(app, 'display')
  const { page } = await newPage(browser)
  const requested: string[] = []
  await page.goto(`${baseUrl(app)}/display/#token=${display.token}`)
  await page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 20_000 })
  await page.waitForLoadState('networkidle')
  page.on('request', (r) => requested.push(new URL(r.url()).pathname))
  await page.reload()
  await page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 20_000 })
  await page.waitForLoadState('networkidle')
  const again = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, wire: (e as PerformanceResourceTiming).transferSize })),
  )
  const hashed = again.filter((e) => /\.[A-Z0-9]{8}\.(js|css|woff2)$/.test(e.name))
  t.ok(hashed.length >= 2, 'the bundle and the stylesheet are loaded again')
  t.same(
    hashed.filter((e) => e.wire > 0),
    [],
    'but none of them travels: all come from the cache',
  )
  t.ok(requested.includes('/display/'), 'the page itself is asked for again (no-cache)')
})
