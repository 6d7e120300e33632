import { useEffect, useState } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

const key = 'agentstream-demo-theme'

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/** The theme the user chose (persisted) and the theme in effect, applied to `<html data-theme>`. */
export function useTheme(): { choice: ThemeChoice; theme: Theme; setChoice: (choice: ThemeChoice) => void } {
  const [choice, setChoice] = useState<ThemeChoice>(() => {
    const saved = localStorage.getItem(key)
    return saved === 'light' || saved === 'dark' ? saved : 'system'
  })
  const [system, setSystem] = useState<Theme>(systemTheme)
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)')
    if (!query) return
    const onChange = () => setSystem(query.matches ? 'dark' : 'light')
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  const theme = choice === 'system' ? system : choice
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    if (choice === 'system') localStorage.removeItem(key)
    else localStorage.setItem(key, choice)
  }, [theme, choice])
  return { choice, theme, setChoice }
}
