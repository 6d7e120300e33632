import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeBody } from '@agentstream/core'
import { summarize } from '@agentstream/core/summary'
import { describe, expect, it } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { run } from '../src/index'
import { captureIo, fixtures, tempFile } from './helpers'
import { aiSdkBody } from './samples'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(packageDir, 'bin/agentstream.js')
const built = existsSync(join(packageDir, 'dist/main.js'))
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0'

describe('agentstream', () => {
  it('--help prints the usage with both commands', async () => {
    const { io, stdout } = captureIo()
    expect(await run(['--help'], io)).toBe(0)
    expect(stdout()).toContain('agentstream replay FILE')
    expect(stdout()).toContain('agentstream watch URL|FILE')
  })

  it('help replay / help watch print the command options', async () => {
    const replay = captureIo()
    expect(await run(['help', 'replay'], replay.io)).toBe(0)
    expect(replay.stdout()).toContain('--headers FILE')
    const watch = captureIo()
    expect(await run(['help', 'watch'], watch.io)).toBe(0)
    expect(watch.stdout()).toContain('--pace MS')
    const flag = captureIo()
    expect(await run(['replay', '--help'], flag.io)).toBe(0)
    expect(flag.stdout()).toContain('--json')
  })

  it('--version prints the package version', async () => {
    const { io, stdout } = captureIo()
    expect(await run(['--version'], io)).toBe(0)
    expect(stdout().trim()).toBe(packageJson.version)
  })

  it('an unknown command prints the usage on stderr and exits 2', async () => {
    const { io, stdout, stderr } = captureIo()
    expect(await run(['replya', 'x.sse'], io)).toBe(2)
    expect(stdout()).toBe('')
    expect(stderr()).toContain('unknown command "replya"')
    expect(stderr()).toContain('Usage')
    const none = captureIo()
    expect(await run([], none.io)).toBe(2)
    expect(none.stderr()).toContain('Usage')
  })

  // Runs the built executable. The root CI builds every package before testing (so under CI this
  // always runs); locally it is skipped until `npx tsup` has been run in packages/cli.
  it.skipIf(!built && !inCi)('node bin/agentstream.js replay FILE --json runs as a real process', () => {
    // A recorded fixture (its expected summary) when there is one, else a sample body.
    const fixture = fixtures().find((candidate) => candidate.summary && !candidate.name.includes('broken'))
    const file = fixture?.body ?? tempFile('spawned.sse', aiSdkBody)
    const headers = fixture?.headers ? ['--headers', fixture.headers] : []
    const result = spawnSync(process.execPath, [bin, 'replay', file, '--json', ...headers], {
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toBe(
      fixture?.summary
        ? readFileSync(fixture.summary, 'utf8')
        : `${JSON.stringify(summarize(decodeBody(aiSdkBody)), null, 2)}\n`,
    )
    const missing = spawnSync(process.execPath, [bin, 'replay', join(packageDir, 'missing.sse')], {
      encoding: 'utf8',
    })
    expect(missing.status).toBe(2)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toContain('Cannot read')
  })
})
