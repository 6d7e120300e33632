// Runs the demo for the tests in a process of its own (the test workers resolve packages with the
// `source` condition, which must not reach the server's dependencies): `dev`, `build <outDir>` or
// `preview <outDir>`, on 127.0.0.1 and a free port. Prints `READY <url>` (or `BUILT`) when ready.
import { createServer as createNetServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build, createServer, preview } from 'vite'

/** A port the OS says is free (Vite reads `port: 0` as "the default port"). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })

const root = fileURLToPath(new URL('..', import.meta.url))
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url))
const [mode = 'dev', outDir] = process.argv.slice(2)

if (mode === 'build') {
  await build({ root, configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } })
  console.log('BUILT')
  process.exit(0)
}

const port = await freePort()
const server =
  mode === 'preview'
    ? await preview({
        root,
        configFile,
        logLevel: 'error',
        build: { outDir },
        preview: { host: '127.0.0.1', port, strictPort: false, open: false },
      })
    : await createServer({
        root,
        configFile,
        logLevel: 'error',
        clearScreen: false,
        server: { host: '127.0.0.1', port, strictPort: false, hmr: false, open: false },
      }).then((dev) => dev.listen())

console.log(`READY http://127.0.0.1:${server.httpServer.address().port}`)
const stop = () => {
  Promise.resolve(server.close()).finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// Started by the tests with a stdin pipe: when the test process goes away, so does this server.
if (process.env.DEMO_EXIT_WITH_PARENT === '1') {
  process.stdin.on('end', stop)
  process.stdin.on('error', stop)
  process.stdin.resume()
}
