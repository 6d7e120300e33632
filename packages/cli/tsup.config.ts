import { defineConfig } from 'tsup'

export default defineConfig([
  // The library: `@agentstream/core` stays a dependency, so a program's own registered protocols apply.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts' } },
    clean: ['index.*', 'chunk-*'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
  },
  // The executable: self-contained (the core is bundled from its sources), so `bin/agentstream.js`
  // runs whether or not the core has been built.
  {
    entry: { main: 'src/main.ts' },
    format: ['esm'],
    dts: false,
    clean: ['main.*'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    noExternal: ['@agentstream/core'],
    esbuildOptions(options) {
      options.conditions = ['source']
    },
  },
])
