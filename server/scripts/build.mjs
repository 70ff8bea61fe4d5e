#!/usr/bin/env node
/**
 * Builds the three front ends (Lit, bundled for Chrome 87+) into dist/public/<app>/ and the server
 * into dist/server/main.js. `--watch` rebuilds on change. Writes dist/bundle-sizes.json.
 */
import { build, context } from 'esbuild'
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const watch = process.argv.includes('--watch')
const APPS = ['kiosk', 'display', 'counter']
// Windows 7 PCs stop at Chrome 109 and TV boxes ship old WebViews; Lit 3 needs ES2021.
const BROWSER_TARGET = ['chrome87']

const appOptions = (name) => ({
  entryPoints: { app: join(root, name, 'src', 'main.ts') },
  outdir: join(root, 'dist', 'public', name),
  bundle: true,
  format: 'esm',
  target: BROWSER_TARGET,
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
})

// The citizen's ticket page (server-rendered by server/src/routes/tracking.ts) and its small script:
// phones of every age, so a plain ES2017 target.
const ticketPageOptions = {
  entryPoints: { page: join(root, 'ticket-page', 'src', 'main.ts') },
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
  const out = join(root, 'dist', 'public', name)
  mkdirSync(out, { recursive: true })
  cpSync(join(root, name, 'index.html'), join(out, 'index.html'))
  const pub = join(root, name, 'public')
  if (existsSync(pub)) cpSync(pub, out, { recursive: true })
}

function sizes(apps) {
  const report = {}
  for (const name of apps) {
    const dir = join(root, 'dist', 'public', name)
    const js = readdirSync(dir).filter((f) => f.endsWith('.js'))
    const css = readdirSync(dir).filter((f) => f.endsWith('.css'))
    const files = [...js, ...css, 'index.html']
    const raw = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0)
    const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0)
    report[name] = { bytes: raw, gzipBytes: gz }
  }
  writeFileSync(join(root, 'dist', 'bundle-sizes.json'), JSON.stringify(report, null, 2) + '\n')
  return report
}

const apps = APPS.filter((name) => existsSync(join(root, name, 'src', 'main.ts')))
if (watch) {
  for (const name of apps) {
    copyStatic(name)
    const ctx = await context(appOptions(name))
    await ctx.watch()
  }
  await (await context(ticketPageOptions)).watch()
  const ctx = await context(serverOptions)
  await ctx.watch()
  console.log(`watching ${apps.join(', ')} and the server`)
} else {
  await Promise.all([...apps.map((name) => build(appOptions(name)).then(() => copyStatic(name))), build(ticketPageOptions), build(serverOptions)])
  const report = sizes(apps)
  for (const [name, s] of Object.entries(report)) {
    console.log(`${name.padEnd(8)} ${(s.bytes / 1024).toFixed(1).padStart(7)} KiB  (${(s.gzipBytes / 1024).toFixed(1)} KiB gzip)`)
  }
}
