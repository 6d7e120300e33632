import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CliIo } from '../src/index'

/** A captured io: what the user would see on stdout and stderr. */
export function captureIo(
  options: { tty?: boolean; env?: Record<string, string>; signal?: AbortSignal } = {},
) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk
        return true
      },
      isTTY: options.tty ?? false,
      columns: 80,
      rows: 24,
    },
    stderr: {
      write: (chunk: string) => {
        stderr += chunk
        return true
      },
      isTTY: false,
    },
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  }
  return {
    io,
    stdout: () => stdout,
    stderr: () => stderr,
  }
}

const directory = mkdtempSync(join(tmpdir(), 'agentstream-cli-'))

/** Writes a file in a temporary directory and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(directory, name)
  writeFileSync(path, content)
  return path
}

/** True when the text contains terminal escape sequences (colors, cursor moves). */
export function hasAnsi(text: string): boolean {
  return text.includes('\u001b[')
}

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '../../core/src/protocols/__fixtures__')

/** The core's recorded fixtures (`<protocol>/…/<name>.sse`, maybe `<name>.headers.json`), when they exist. */
export function fixtures(): { name: string; body: string; headers?: string; summary?: string }[] {
  if (!existsSync(fixturesDir)) return []
  return (readdirSync(fixturesDir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.sse'))
    .sort()
    .map((file) => {
      const body = join(fixturesDir, file)
      const headers = body.replace(/\.sse$/, '.headers.json')
      const summary = body.replace(/\.sse$/, '.summary.json')
      return {
        name: file,
        body,
        ...(existsSync(headers) ? { headers } : {}),
        ...(existsSync(summary) ? { summary } : {}),
      }
    })
}
