import { type ReactNode, useId } from 'react'

/** A titled box in a side column. */
export function Panel({
  title,
  actions,
  children,
  className,
}: {
  title: string
  actions?: ReactNode
  children: ReactNode
  className?: string
}) {
  const id = useId()
  return (
    <section className={className ? `demo-panel ${className}` : 'demo-panel'} aria-labelledby={id}>
      <header className="demo-panel-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      <div className="demo-panel-body">{children}</div>
    </section>
  )
}
