/** Starts the server: configuration, logger, listen, graceful shutdown. Nothing else. */
import { existsSync } from 'node:fs'
import Fastify from 'fastify'
import closeWithGrace from 'close-with-grace'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { ConfigError, loadConfig } from './config.js'
import { app } from './app.js'
import { loggerOptions } from './logging.js'
import { frameworkErrors } from './plugins/errors.js'
import { StorageOpenError } from './db/client.js'

function isStorageFailure(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^(SQLITE_|EACCES|EROFS|ENOSPC|EISDIR|ENOENT)/.test(code)
}

// A .env file beside package.json, if there is one (see .env.example); the environment wins.
if (existsSync('.env')) process.loadEnvFile('.env')

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}

const server = Fastify({
  logger: loggerOptions(config.LOG_LEVEL),
  trustProxy: config.TRUST_PROXY,
  // Kiosks retry after timeouts; keep the connection limit generous for many displays.
  connectionTimeout: 30_000,
  // URLs the router refuses before any hook: a stable code for them too (plugins/errors.ts).
  frameworkErrors,
}).withTypeProvider<TypeBoxTypeProvider>()

try {
  // A database file deleted under the server: close as on SIGTERM, within the same bound, and exit
  // with a failure status, so that a supervisor restarts it on the file or reports the refusal.
  const onDatabaseLost = () => {
    setTimeout(() => process.exit(1), 10_000).unref()
    void server.close().finally(() => process.exit(1))
  }
  await server.register(app, { config, onDatabaseLost })
} catch (err) {
  // A database that cannot be this centre's (empty, foreign, damaged, unreadable): one clear line
  // for whoever reads the service log, not a stack trace.
  if (err instanceof StorageOpenError || isStorageFailure(err)) {
    console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
  throw err
}

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) server.log.error({ err }, 'closing after an error')
  else server.log.info({ signal }, 'closing')
  await server.close()
})

try {
  await server.listen({ port: config.PORT, host: config.HOST })
} catch (err) {
  server.log.fatal({ err }, 'could not start')
  process.exit(1)
}
