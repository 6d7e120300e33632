// @vitest-environment node
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const entry = join(dirname(fileURLToPath(import.meta.url)), '../src/index.ts')

describe('public API documentation', () => {
  it('every export of @agentstream/ui has TSDoc with an @example', () => {
    const program = ts.createProgram([entry], {
      jsx: ts.JsxEmit.ReactJSX,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
    })
    const checker = program.getTypeChecker()
    const source = program.getSourceFile(entry)!
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)
    expect(exports.length).toBeGreaterThan(30)
    const undocumented: string[] = []
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const documented = (symbol.declarations ?? []).some((declaration) => {
        const tags = ts.getJSDocTags(declaration)
        const holder = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration
        return [...tags, ...ts.getJSDocTags(holder)].some((tag) => tag.tagName.text === 'example')
      })
      if (!documented) undocumented.push(exported.name)
    }
    expect(undocumented).toEqual([])
  })
})
