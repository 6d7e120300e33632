import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'

/**
 * `useLayoutEffect` in the browser, `useEffect` on the server: React 18 logs a warning for every
 * layout effect it meets while rendering to a string, and neither kind of effect runs there anyway.
 * (`@agentstream/react` has the same one, unexported.)
 */
export const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect

/** Within this many pixels of the bottom counts as "at the bottom". */
const threshold = 32

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

/**
 * Keeps a scroll container at the bottom while its content grows, lets go the moment the user
 * scrolls up (wheel up, or the scroll position moving up without the content shrinking), and sticks
 * again when they come back to the bottom or call `jumpToLatest`.
 */
export function useStickToBottom(
  scrollRef: RefObject<HTMLElement | null>,
  contentRef: RefObject<HTMLElement | null>,
): { stuck: boolean; jumpToLatest: () => void } {
  const [stuck, setStuckState] = useState(true)
  const stuckRef = useRef(true)
  const setStuck = useCallback((value: boolean) => {
    if (stuckRef.current === value) return
    stuckRef.current = value
    setStuckState(value)
  }, [])

  useIsomorphicLayoutEffect(() => {
    const scroller = scrollRef.current
    const content = contentRef.current
    if (!scroller || !content) return
    let lastTop = scroller.scrollTop
    let lastHeight = scroller.scrollHeight
    const follow = () => {
      if (stuckRef.current && scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop > 1)
        scroller.scrollTop = scroller.scrollHeight
      lastTop = scroller.scrollTop
      lastHeight = scroller.scrollHeight
    }
    const onScroll = () => {
      const top = scroller.scrollTop
      const height = scroller.scrollHeight
      if (height - scroller.clientHeight - top <= threshold) setStuck(true)
      else if (top < lastTop - 1 && height >= lastHeight) setStuck(false)
      lastTop = top
      lastHeight = height
    }
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0 && scroller.scrollHeight > scroller.clientHeight) setStuck(false)
    }
    follow()
    scroller.addEventListener('scroll', onScroll, { passive: true })
    scroller.addEventListener('wheel', onWheel, { passive: true })
    const observers: { disconnect(): void }[] = []
    if (typeof ResizeObserver === 'function') {
      const resize = new ResizeObserver(follow)
      resize.observe(content)
      resize.observe(scroller)
      observers.push(resize)
    } else if (typeof MutationObserver === 'function') {
      const mutation = new MutationObserver(follow)
      mutation.observe(content, { childList: true, subtree: true, characterData: true })
      observers.push(mutation)
    }
    return () => {
      scroller.removeEventListener('scroll', onScroll)
      scroller.removeEventListener('wheel', onWheel)
      for (const observer of observers) observer.disconnect()
    }
  }, [scrollRef, contentRef, setStuck])

  const jumpToLatest = useCallback(() => {
    const scroller = scrollRef.current
    setStuck(true)
    if (!scroller) return
    if (typeof scroller.scrollTo === 'function')
      scroller.scrollTo({ top: scroller.scrollHeight, behavior: prefersReducedMotion() ? 'auto' : 'smooth' })
    else scroller.scrollTop = scroller.scrollHeight
  }, [scrollRef, setStuck])

  return { stuck, jumpToLatest }
}
