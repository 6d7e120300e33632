// Loads scripts/record.ts through Vite (workspace sources, the demo's resolve config) and runs it.
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const vite = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
})
try {
  const module = await vite.ssrLoadModule('/scripts/record.ts')
  for (const file of await module.record()) console.log(`recorded ${file}`)
} finally {
  await vite.close()
}
