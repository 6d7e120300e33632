import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

// Workspace packages are read from source through aliases, not through a `source` export
// condition: that condition would also match third-party packages that ship one (`eventsource`,
// a dependency of @openai/agents, points it at uncompiled TypeScript).
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineProject({
  resolve: {
    alias: [
      { find: /^@agentstream\/core$/, replacement: source('../core/src/index.ts') },
      { find: /^@agentstream\/core\/testing$/, replacement: source('../core/src/testing/index.ts') },
      { find: /^@agentstream\/core\/summary$/, replacement: source('../core/src/summary.ts') },
    ],
  },
  test: {
    name: 'server',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
