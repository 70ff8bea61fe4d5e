/**
 * Serves the built front ends: /kiosk/, /display/, /counter/ and the web fonts from dist/public.
 *
 * The build leaves a brotli and a gzip copy beside every text file (server/scripts/build.mjs);
 * `preCompressed` sends the best one the browser accepts, and the plain file otherwise. Files
 * named by their content (`app.7KQ3ZC2M.js`, `be-vietnam-pro-bold.2FE6C3F9.woff2`) never change,
 * so browsers keep them for a year; the pages (index.html) and unhashed files are revalidated on
 * every load, so a redeploy reaches every screen at its next reload.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static'
import { paths } from '../paths.js'

const APPS = ['kiosk', 'display', 'counter'] as const

/** `name.HASH.ext`, as esbuild and the font step name them, possibly with `.br` or `.gz` after. */
const HASHED = /\.[A-Z0-9]{8}\.(js|css|woff2|map)(\.br|\.gz)?$/
export const IMMUTABLE = 'public, max-age=31536000, immutable'

function setHeaders(res: SetHeadersResponse, path: string): void {
  const name = basename(path)
  res.setHeader('cache-control', HASHED.test(name) ? IMMUTABLE : 'no-cache')
  // A cache between the server and the screens must keep the brotli and the plain copy apart.
  if (/\.(br|gz)$/.test(name) || /\.(js|css|html|svg|json|map|txt|md)$/.test(name)) res.setHeader('vary', 'Accept-Encoding')
}

export default fp(
  async (app) => {
    const root = paths.public
    if (!existsSync(root)) {
      app.log.warn(`front ends not built (${root} is missing): run "npm run build"`)
      mkdirSync(root, { recursive: true })
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders,
    })
    for (const name of APPS) {
      app.get(`/${name}`, async (_request, reply) => reply.redirect(`/${name}/`))
      app.get(`/${name}/`, async (_request, reply) => {
        if (!existsSync(join(root, name, 'index.html'))) {
          return reply.status(503).send({ code: 'not_found', message: `The ${name} page is not built; run npm run build` })
        }
        return reply.sendFile(`${name}/index.html`)
      })
    }
    app.get('/', async (_request, reply) => reply.redirect('/counter/'))
  },
  { name: 'pages' },
)
