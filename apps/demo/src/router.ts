import { useSyncExternalStore } from 'react'

export const ROUTES = ['chat', 'connect', 'gallery'] as const
export type Route = (typeof ROUTES)[number]

function subscribe(callback: () => void) {
  window.addEventListener('hashchange', callback)
  return () => window.removeEventListener('hashchange', callback)
}

/** `#/chat`, `#/connect`, `#/gallery` (anything else is the chat); extra segments are the rest. */
export function parseHash(hash: string): { route: Route; rest: string[] } {
  const [first = '', ...rest] = hash.replace(/^#\/?/, '').split('/')
  const route = (ROUTES as readonly string[]).includes(first) ? (first as Route) : 'chat'
  return { route, rest: rest.map(decodeURIComponent) }
}

export function useHash(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  )
}

export function navigate(path: string) {
  if (window.location.hash !== `#${path}`) window.location.hash = path
}
