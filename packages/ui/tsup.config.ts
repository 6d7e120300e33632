import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  external: ['react', 'react-dom', '@agentstream/core', '@agentstream/react'],
  // The parts use hooks and browser APIs: mark the bundle as client code for React Server Components.
  banner: { js: "'use client'" },
})
