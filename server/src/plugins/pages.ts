/** Serves the built front ends: /kiosk/, /display/, /counter/ from dist/public. */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { paths } from '../paths.js'

const APPS = ['kiosk', 'display', 'counter'] as const

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
      // Old TV browsers cache aggressively; bundles change names only on rebuild, so revalidate.
      cacheControl: true,
      maxAge: 0,
    })
    // The bundled font: the same one the printed ticket uses. Fonts never change, so cache them long.
    await app.register(fastifyStatic, {
      root: join(paths.assets, 'fonts'),
      prefix: '/fonts/',
      decorateReply: false,
      maxAge: '30d',
      immutable: true,
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
