import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import {
  createServer,
  defaultClientConditions,
  defaultServerConditions,
  defineConfig,
  type Plugin,
  type PreviewServer,
  type ViteDevServer,
} from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const apiEntry = fileURLToPath(new URL('./server/api.ts', import.meta.url))
const uiStyles = fileURLToPath(new URL('../../packages/ui/src/styles.css', import.meta.url))
const serverTesting = fileURLToPath(new URL('../../packages/server/src/testing/index.ts', import.meta.url))
const serverPackage = fileURLToPath(new URL('../../packages/server/package.json', import.meta.url))

// Workspace packages resolve to their TypeScript sources (`source` export condition): nothing has to
// be built first, in the browser bundle, the build, or the server modules the API loads.
const clientConditions = ['source', ...defaultClientConditions]
const serverConditions = ['source', ...defaultServerConditions]

/**
 * Subpaths the packages do not (yet) export with a `source` condition, pointed at their sources.
 */
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {}
  if (existsSync(uiStyles)) aliases['@agentstream/ui/styles.css'] = uiStyles
  const exported = existsSync(serverPackage) && readFileSync(serverPackage, 'utf8').includes('"./testing"')
  if (!exported) aliases['@agentstream/server/testing'] = serverTesting
  return aliases
}
const alias = workspaceAliases()

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void
interface ApiModule {
  createDemoApi(): { middleware: Middleware; model: 'scripted' | 'openai' }
}

function announce(logger: { info(message: string): void }, model: string) {
  const which =
    model === 'openai'
      ? `OpenAI (${process.env.OPENAI_MODEL ?? 'gpt-4.1-mini'})`
      : 'offline scripted model (set OPENAI_API_KEY for a real one)'
  logger.info(`  \u001b[32m➜\u001b[0m  Agent:   POST /api/agent — ${which}`)
}

/**
 * Mounts the embedded endpoints (`/api/agent`, `/api/info`, `/api/fixtures/…`) in `vite` and
 * `vite preview`. The server code is TypeScript that imports workspace sources, so it is loaded
 * through Vite itself: `ssrLoadModule` in dev (edits apply on the next request), and in preview
 * the `ssrLoadModule` of a second, middleware-only Vite server.
 */
function demoApi(): Plugin {
  return {
    name: 'agentstream-demo-api',
    configureServer(server: ViteDevServer) {
      let loaded: { module: ApiModule; middleware: Middleware } | undefined
      const load = async () => {
        const module = (await server.ssrLoadModule(apiEntry)) as ApiModule
        if (loaded?.module !== module) {
          const api = module.createDemoApi()
          if (!loaded) announce(server.config.logger, api.model)
          loaded = { module, middleware: api.middleware }
        }
        return loaded.middleware
      }
      server.httpServer?.once('listening', () => {
        load().catch((error) => server.config.logger.error(`demo API: ${error}`))
      })
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/api/')) return next()
        load().then((middleware) => middleware(req, res, next), next)
      })
    },
    configurePreviewServer(server: PreviewServer) {
      // `vite preview` serves the built files only; the API's TypeScript is loaded by a Vite dev
      // server in middleware mode that serves nothing else.
      const loader = createServer({
        configFile: false,
        root,
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
        optimizeDeps: { noDiscovery: true, include: [] },
        resolve: { conditions: clientConditions, alias },
        ssr: { resolve: { conditions: serverConditions } },
      })
      const api = loader
        .then((vite) => vite.ssrLoadModule(apiEntry) as Promise<ApiModule>)
        .then((module) => {
          const created = module.createDemoApi()
          announce(server.config.logger, created.model)
          return created.middleware
        })
      api.catch((error) => server.config.logger.error(`demo API: ${error}`))
      server.httpServer.once('close', () => {
        void loader.then((vite) => vite.close())
      })
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/api/')) return next()
        api.then((middleware) => middleware(req, res, next), next)
      })
    },
  }
}

export default defineConfig({
  root,
  plugins: [react(), demoApi()],
  resolve: {
    conditions: clientConditions,
    alias,
  },
  ssr: { resolve: { conditions: serverConditions } },
  server: { port: 5173 },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: true },
})
