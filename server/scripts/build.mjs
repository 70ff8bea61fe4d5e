#!/usr/bin/env node
/**
 * Builds the three front ends (Lit, bundled for Chrome 87+) into dist/public/<app>/ and the server
 * into dist/server/main.js. `--watch` rebuilds on change. Writes dist/bundle-sizes.json.
 *
 * What goes over the wire is made here, once, so the server only picks files:
 * - bundles are named by their content (`app.7KQ3ZC2M.js`) and each index.html is rewritten to
 *   name them, so a browser may keep them for a year and a redeploy still reaches every screen;
 * - the web fonts are converted from the printer's TTF to WOFF2 (wawoff2, Google's woff2 encoder
 *   compiled to WebAssembly) into dist/public/fonts/, also named by content;
 * - every text file gets a brotli (.br) and a gzip (.gz) copy beside it, served by
 *   @fastify/static's `preCompressed` to browsers that accept them.
 */
import { build, context } from 'esbuild'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import wawoff2 from 'wawoff2'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const watch = process.argv.includes('--watch')
const APPS = ['kiosk', 'display', 'counter']
// Windows 7 PCs stop at Chrome 109 and TV boxes ship old WebViews; Lit 3 needs ES2021.
const BROWSER_TARGET = ['chrome87']
const PUBLIC = join(root, 'dist', 'public')
const FONT_SOURCE = join(root, 'server', 'assets', 'fonts')
/** Files worth compressing: text. WOFF2 is compressed already; sounds are small WAV clips. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|map|txt|md)$/

/** Writes `file.br` and `file.gz` beside `file` (brotli at its best: this runs once per build). */
function precompress(file) {
  const data = readFileSync(file)
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(data, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
  )
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
}

function precompressTree(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) precompressTree(path)
    else if (COMPRESSIBLE.test(entry.name)) precompress(path)
  }
}

const contentHash = (data) => createHash('sha256').update(data).digest('hex').slice(0, 8).toUpperCase()

/**
 * The web fonts: each TTF (kept as it is for the ticket printer) as WOFF2 named by its content,
 * and a stylesheet naming them. A WOFF2 already converted from the same TTF is kept.
 * Returns the public paths the pages link: the stylesheet and each font by its TTF name.
 */
async function buildFonts() {
  const out = join(PUBLIC, 'fonts')
  mkdirSync(out, { recursive: true })
  const names = {}
  for (const file of readdirSync(FONT_SOURCE).filter((f) => f.endsWith('.ttf'))) {
    const ttf = readFileSync(join(FONT_SOURCE, file))
    const name = `${basename(file, '.ttf')}.${contentHash(ttf)}.woff2`
    if (!existsSync(join(out, name))) writeFileSync(join(out, name), await wawoff2.compress(ttf))
    names[file] = `/fonts/${name}`
  }
  for (const stale of readdirSync(out).filter((f) => f.endsWith('.woff2') && !Object.values(names).includes(`/fonts/${f}`))) {
    rmSync(join(out, stale))
  }
  const css = readFileSync(join(FONT_SOURCE, 'fonts.css'), 'utf8').replace(
    /url\('\/fonts\/([^']+)\.ttf'\) format\('truetype'\)/g,
    (_all, file) => `url('${names[`${file}.ttf`]}') format('woff2')`,
  )
  const cssName = `fonts.${contentHash(css)}.css`
  for (const stale of readdirSync(out).filter((f) => /^fonts\.[0-9A-F]{8}\.css/.test(f) && !f.startsWith(cssName))) rmSync(join(out, stale))
  writeFileSync(join(out, cssName), css)
  // Under its plain name too, for a page cached from before a redeploy.
  writeFileSync(join(out, 'fonts.css'), css)
  cpSync(join(FONT_SOURCE, 'OFL.txt'), join(out, 'OFL.txt'))
  precompressTree(out)
  return { css: `/fonts/${cssName}`, files: names }
}

/**
 * Second pages of an app, each its own entry: the rating device on a counter's desk is the kiosk
 * front end's `rating.html` (kiosk/src/rating/main.ts), beside the kiosk's index.html.
 */
const EXTRA_PAGES = { kiosk: { rating: 'rating.html' } }

/** index.html (and any second page) naming this build's bundles and fonts; then the app's files are compressed. */
function htmlPlugin(name, fonts) {
  return {
    name: 'hashed-html',
    setup(b) {
      b.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return
        const outDir = join(PUBLIC, name)
        const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p))
        const pages = { app: 'index.html', ...(EXTRA_PAGES[name] ?? {}) }
        const entries = Object.keys(pages)
        // Drop the bundles of earlier builds (watch mode, or a build before this one).
        const bundle = new RegExp(`^(${[...entries, 'chunk'].join('|')})(\\.[A-Z0-9]{8})?\\.js(\\.map)?(\\.br|\\.gz)?$`)
        for (const f of readdirSync(outDir)) {
          if (bundle.test(f) && !outputs.includes(f.replace(/\.(br|gz)$/, ''))) rmSync(join(outDir, f))
        }
        for (const [entryName, page] of Object.entries(pages)) {
          const entry = Object.entries(result.metafile.outputs).find(([p, o]) => o.entryPoint && basename(p).startsWith(`${entryName}.`))
          if (!entry) throw new Error(`no ${entryName} entry point in the ${name} build`)
          const script = basename(entry[0])
          let html = readFileSync(join(root, name, page), 'utf8')
          html = html.replace(new RegExp(`src="(\\./)?${entryName}\\.js"`), `src="${script}"`).replace('href="/fonts/fonts.css"', `href="${fonts.css}"`)
          html = html.replace(
            /<link rel="preload" href="\/fonts\/([^"]+\.ttf)" as="font" type="font\/ttf" crossorigin \/>/g,
            (_all, file) => `<link rel="preload" href="${fonts.files[file]}" as="font" type="font/woff2" crossorigin />`,
          )
          if (!html.includes(script)) throw new Error(`${name}/${page} does not load ${entryName}.js`)
          writeFileSync(join(outDir, page), html)
          precompress(join(outDir, page))
        }
        for (const f of outputs) if (COMPRESSIBLE.test(f)) precompress(join(outDir, f))
      })
    },
  }
}

const appOptions = (name, fonts) => ({
  entryPoints: {
    app: join(root, name, 'src', 'main.ts'),
    ...Object.fromEntries(Object.keys(EXTRA_PAGES[name] ?? {}).map((entry) => [entry, join(root, name, 'src', entry, 'main.ts')])),
  },
  outdir: join(PUBLIC, name),
  entryNames: '[name].[hash]',
  chunkNames: 'chunk.[hash]',
  bundle: true,
  format: 'esm',
  target: BROWSER_TARGET,
  minify: true,
  // Source maps only while developing (`npm run dev`): served in production they hand anyone the
  // whole front-end source with its comments.
  sourcemap: watch ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [htmlPlugin(name, fonts)],
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
})

// The citizen's ticket page (server-rendered by server/src/routes/tracking.ts) and its small script:
// phones of every age, so a plain ES2017 target.
const ticketPageOptions = {
  entryPoints: { page: join(root, 'kiosk', 'ticket-page', 'main.ts') },
  outdir: join(root, 'dist', 'public', 'ticket'),
  bundle: true,
  format: 'iife',
  target: ['es2017'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
}

const serverOptions = {
  entryPoints: { main: join(root, 'server', 'src', 'main.ts') },
  outdir: join(root, 'dist', 'server'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
}

function copyStatic(name) {
  const out = join(PUBLIC, name)
  mkdirSync(out, { recursive: true })
  const pub = join(root, name, 'public')
  if (existsSync(pub)) {
    cpSync(pub, out, { recursive: true })
    precompressTree(out)
  }
}

/** What a first load costs: bundle, stylesheets and page, raw and compressed (fonts not counted). */
function sizes(apps) {
  const report = {}
  for (const name of apps) {
    const dir = join(PUBLIC, name)
    const files = readdirSync(dir).filter((f) => /\.(js|css|html)$/.test(f))
    const sum = (ext) => files.reduce((n, f) => n + statSync(join(dir, f + ext)).size, 0)
    report[name] = { bytes: sum(''), gzipBytes: sum('.gz'), brotliBytes: sum('.br') }
  }
  writeFileSync(join(root, 'dist', 'bundle-sizes.json'), JSON.stringify(report, null, 2) + '\n')
  return report
}

const apps = APPS.filter((name) => existsSync(join(root, name, 'src', 'main.ts')))
const fonts = await buildFonts()
if (watch) {
  for (const name of apps) {
    copyStatic(name)
    const ctx = await context(appOptions(name, fonts))
    await ctx.watch()
  }
  await (await context(ticketPageOptions)).watch()
  const ctx = await context(serverOptions)
  await ctx.watch()
  console.log(`watching ${apps.join(', ')} and the server`)
} else {
  for (const name of apps) copyStatic(name)
  await Promise.all([...apps.map((name) => build(appOptions(name, fonts))), build(ticketPageOptions), build(serverOptions)])
  const report = sizes(apps)
  for (const [name, s] of Object.entries(report)) {
    console.log(
      `${name.padEnd(8)} ${(s.bytes / 1024).toFixed(1).padStart(7)} KiB  (${(s.gzipBytes / 1024).toFixed(1)} KiB gzip, ${(s.brotliBytes / 1024).toFixed(1)} KiB brotli)`,
    )
  }
}
