import { useEffect, useState } from 'react'

/** The value of a promise once it settles (re-run when `key` changes). */
export function usePromise<T>(
  make: () => Promise<T>,
  key: unknown = null,
): { value: T | undefined; error: Error | undefined } {
  const [result, setResult] = useState<{ value: T | undefined; error: Error | undefined }>({
    value: undefined,
    error: undefined,
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to run again
  useEffect(() => {
    let live = true
    make().then(
      (value) => live && setResult({ value, error: undefined }),
      (error: unknown) =>
        live &&
        setResult({ value: undefined, error: error instanceof Error ? error : new Error(String(error)) }),
    )
    return () => {
      live = false
    }
  }, [key])
  return result
}
