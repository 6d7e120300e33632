// Types for the React 18 aliases used by react18.test.tsx (the runtime is 18.3.1; the API used there
// is the same as React 19's).
declare module 'react18' {
  export * from 'react'
}
declare module 'react-dom18/client' {
  export * from 'react-dom/client'
}
