// `pnpm agentstream …` from the workspace: builds the CLI on first use, then runs it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const cliDirectory = fileURLToPath(new URL('../packages/cli/', import.meta.url))
if (!existsSync(`${cliDirectory}dist/main.js`)) {
  const tsup = createRequire(`${cliDirectory}package.json`).resolve('tsup/dist/cli-default.js')
  const build = spawnSync(process.execPath, [tsup, '--silent'], {
    cwd: cliDirectory,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const run = spawnSync(process.execPath, [`${cliDirectory}bin/agentstream.js`, ...process.argv.slice(2)], {
  stdio: 'inherit',
})
process.exit(run.status ?? 1)
