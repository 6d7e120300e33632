import { ModelBadge } from './components/ModelBadge'
import { ChatPage } from './pages/ChatPage'
import { ConnectPage } from './pages/ConnectPage'
import { GalleryPage } from './pages/GalleryPage'
import { parseHash, type Route, useHash } from './router'
import { type ThemeChoice, useTheme } from './theme'

const NAV: { route: Route; label: string; hint: string }[] = [
  { route: 'chat', label: 'Chat', hint: 'the embedded agents' },
  { route: 'connect', label: 'Connect', hint: 'any SSE endpoint' },
  { route: 'gallery', label: 'Gallery', hint: 'every component, every state' },
]

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

export function App() {
  const { route, rest } = parseHash(useHash())
  const { choice, theme, setChoice } = useTheme()
  return (
    <div className="demo-app">
      <button type="button" className="demo-skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="demo-header">
        <a className="demo-brand" href="#/chat" aria-label="agentstream demo, home">
          <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path
              d="M7 20c4.5 0 4.5-8 9-8s4.5 8 9 8"
              stroke="var(--demo-bg)"
              strokeWidth="3"
              fill="none"
              strokeLinecap="round"
            />
          </svg>
          <span>agentstream</span>
        </a>
        <nav className="demo-nav" aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.route}>
                <a
                  href={`#/${item.route}`}
                  aria-current={item.route === route ? 'page' : undefined}
                  title={item.hint}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="demo-header-end">
          <ModelBadge />
          <label className="demo-theme">
            <span className="demo-sr-only">Theme</span>
            <select value={choice} onChange={(event) => setChoice(event.target.value as ThemeChoice)}>
              {THEMES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <main id="main" className="demo-main" tabIndex={-1} data-route={route}>
        {route === 'chat' && <ChatPage theme={theme} />}
        {route === 'connect' && <ConnectPage theme={theme} />}
        {route === 'gallery' && <GalleryPage theme={theme} path={rest} />}
      </main>
    </div>
  )
}
