/** Classes and functions of a file, with bases and parameters: the skeleton tests hang on. */
import type { Node } from 'web-tree-sitter';
import type { ClassDef, FunctionDef, Parameter } from '../model/syntax';
import type { Queries } from '../parsing/queries';
import { compactText, spanOf } from './nodes';
import { queryMatches } from './matches';

export interface TestStructure {
  readonly classes: readonly ClassDef[];
  readonly functions: readonly FunctionDef[];
}

export function collectTestStructure(root: Node, queries: Queries): TestStructure {
  const classes: ClassDef[] = [];
  const functions: FunctionDef[] = [];
  for (const match of queryMatches(queries['test-structure'], root)) {
    const classDef = match.get('class.def');
    const className = match.get('class.name');
    if (classDef && className) {
      const bases = match.get('class.bases');
      classes.push({
        name: className.text,
        bases: bases ? bases.namedChildren.flatMap((b) => (b && b.type !== 'keyword_argument' && b.type !== 'comment' ? [compactText(b)] : [])) : [],
        span: spanOf(classDef),
        nameSpan: spanOf(className),
      });
      continue;
    }
    const functionDef = match.get('function.def');
    const functionName = match.get('function.name');
    const params = match.get('function.params');
    if (functionDef && functionName && params) {
      functions.push({
        name: functionName.text,
        className: directClassOf(functionDef),
        parameters: readParameters(params),
        span: spanOf(functionDef),
        nameSpan: spanOf(functionName),
      });
    }
  }
  return { classes, functions };
}

/** The class a function is a method of (directly, or through its decorators), else null. */
function directClassOf(functionDef: Node): string | null {
  let parent = functionDef.parent;
  if (parent?.type === 'decorated_definition') parent = parent.parent;
  if (parent?.type === 'block') parent = parent.parent;
  return parent?.type === 'class_definition' ? (parent.childForFieldName('name')?.text ?? null) : null;
}

/** Plain, typed and defaulted parameters by name; `*args`/`**kwargs` are not fixtures and are skipped. */
export function readParameters(params: Node): Parameter[] {
  const result: Parameter[] = [];
  for (const param of params.namedChildren) {
    if (!param) continue;
    let nameNode: Node | null = null;
    if (param.type === 'identifier') nameNode = param;
    else if (param.type === 'default_parameter' || param.type === 'typed_default_parameter') nameNode = param.childForFieldName('name');
    else if (param.type === 'typed_parameter') nameNode = param.namedChildren[0] ?? null;
    if (nameNode?.type === 'identifier') result.push({ name: nameNode.text, span: spanOf(nameNode) });
  }
  return result;
}
