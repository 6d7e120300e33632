import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['react', '@agentstream/core'],
  // Hooks run on the client: mark the bundle as client code for React Server Components.
  banner: { js: "'use client'" },
})
