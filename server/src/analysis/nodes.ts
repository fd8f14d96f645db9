/**
 * Small readers over tree-sitter nodes shared by the extractors: spans, literal values, callee text.
 * Only `analysis/` and `parsing/` touch tree-sitter types.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { ArgumentValue, CallArgument } from '../model/syntax';
import type { Span } from '../model/types';

export function spanOf(node: Node): Span {
  // `endPosition` is a call into the parser's memory that builds a new point each time; read it once.
  const start = node.startPosition;
  const end = node.endPosition;
  return { start: { row: start.row, column: start.column }, end: { row: end.row, column: end.column } };
}

/** Dotted expression text without whitespace or line continuations (`mock . patch` → `mock.patch`). */
export function compactText(node: Node): string {
  return node.text.replace(/\\\r?\n/g, '').replace(/\s+/g, '');
}

/**
 * The value of a string literal without prefix and quotes, or null when it interpolates
 * (f-string) and so has no fixed value. Escapes are kept as written: rules match shapes, and
 * a raw `\n` in a password is still not a secret.
 */
export function stringValue(node: Node): string | null {
  if (node.type === 'concatenated_string') {
    let joined = '';
    for (const part of node.namedChildren) {
      if (!part) continue;
      const value = stringValue(part);
      if (value === null) return null;
      joined += value;
    }
    return joined;
  }
  if (node.type !== 'string') return null;
  const plain = plainStringContent(node.text);
  if (plain !== undefined && !node.hasError) return plain;
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return null;
    if (child.type === 'string_content' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

/**
 * The content of a string literal that cannot interpolate (no `f` or `t` prefix), read off its text:
 * between its quotes lie only its content parts, and reading them as nodes cost a call into the
 * parser per part (every string of a file is read). Undefined when the text is not that shape.
 */
function plainStringContent(text: string): string | undefined {
  let start = 0;
  for (; start < text.length; start++) {
    const c = text.charCodeAt(start) | 0x20;
    if (c < 0x61 || c > 0x7a) break;
    if (c === 0x66 || c === 0x74) return undefined;
  }
  const first = text[start];
  if (first !== '"' && first !== "'") return undefined;
  const quote = text.startsWith(first.repeat(3), start) ? first.repeat(3) : first;
  if (text.length - start < 2 * quote.length || !text.endsWith(quote)) return undefined;
  return text.slice(start + quote.length, text.length - quote.length);
}

/** Nesting beyond this is summarised as text: real code never needs it, and it bounds recursion. */
const MAX_VALUE_DEPTH = 32;

export function argumentValue(node: Node, depth = 0): ArgumentValue {
  if (depth > deepest) deepest = depth;
  if (depth > MAX_VALUE_DEPTH) return { kind: 'other', text: abbreviate(node.text) };
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const value = stringValue(node);
      return value === null ? { kind: 'other', text: node.text } : { kind: 'string', value };
    }
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'other', text: node.text };
    }
    case 'tuple':
    case 'list':
      return { kind: 'tuple', items: node.namedChildren.flatMap((c) => (c && c.type !== 'comment' ? [argumentValue(c, depth + 1)] : [])) };
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? argumentValue(inner, depth + 1) : { kind: 'other', text: node.text };
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute' && callee.type !== 'call')) {
        return { kind: 'other', text: abbreviate(node.text) };
      }
      const argumentList = args?.type === 'argument_list' ? callArguments(args, depth + 1) : [];
      return { kind: 'call', callee: compactText(callee), arguments: argumentList.map(({ keyword, value }) => ({ keyword, value })) };
    }
    case 'lambda':
      return { kind: 'lambda', text: abbreviate(node.text) };
    case 'identifier':
    case 'attribute':
      return { kind: 'name', name: compactText(node) };
    // Constants read as their names: `autouse=True` is the name `True`.
    case 'true':
      return { kind: 'name', name: 'True' };
    case 'false':
      return { kind: 'name', name: 'False' };
    case 'none':
      return { kind: 'name', name: 'None' };
    default:
      return { kind: 'other', text: abbreviate(node.text) };
  }
}

function abbreviate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Argument lists already read, per tree by node id, with how many levels below the list the reading
 * went. A call nested in another's arguments (`patch.object(x, 'y', return_value=Mock())`) or
 * assigned (`x = f(a)`) was read once for itself and again for each call or assignment holding it.
 */
const readLists = new WeakMap<Tree, Map<number, { readonly args: CallArgument[]; readonly height: number }>>();

/** The deepest nesting level the reading in progress reached: a list's height is read off it. */
let deepest = 0;

/**
 * Reads an `argument_list` into positional and keyword arguments; splats become `other`. A list
 * read before is the same answer at any depth where its deepest part stays within the nesting
 * limit (that limit is the only way depth changes an answer).
 */
export function callArguments(argumentList: Node, depth = 0): CallArgument[] {
  let lists = readLists.get(argumentList.tree);
  if (!lists) readLists.set(argumentList.tree, (lists = new Map()));
  const known = lists.get(argumentList.id);
  if (known && depth + known.height <= MAX_VALUE_DEPTH) {
    deepest = Math.max(deepest, depth + known.height);
    return known.args;
  }
  const outer = deepest;
  deepest = depth;
  const args = readArguments(argumentList, depth);
  if (deepest <= MAX_VALUE_DEPTH) lists.set(argumentList.id, { args, height: deepest - depth });
  deepest = Math.max(outer, deepest);
  return args;
}

function readArguments(argumentList: Node, depth: number): CallArgument[] {
  const result: CallArgument[] = [];
  for (const child of argumentList.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name && value) result.push({ keyword: name.text, value: argumentValue(value, depth), span: spanOf(child) });
    } else {
      result.push({ keyword: null, value: argumentValue(child, depth), span: spanOf(child) });
    }
  }
  return result;
}

/** Walks up to the nearest ancestor of one of `types`, or null. */
export function enclosing(node: Node, types: readonly string[]): Node | null {
  let current = node.parent;
  while (current) {
    if (types.includes(current.type)) return current;
    current = current.parent;
  }
  return null;
}

/**
 * The test scope a node sits in: `Class.method`, `function` or `<module>`. Nested functions
 * report their outermost function, which is the test that runs them.
 */
export function scopeOf(node: Node): string {
  // Read from the root down, which can stop at the outermost function: a node's parent is found by
  // a descent from the root, so walking up from a call deep in a test cost a descent per ancestor.
  let className: string | null = null;
  for (let current: Node | null = node.tree.rootNode; current; current = current.id === node.id ? null : current.childWithDescendant(node)) {
    const type = current.type;
    const definition = type === 'decorated_definition' ? current.childForFieldName('definition') : current;
    if (definition?.type !== 'function_definition' && definition?.type !== 'class_definition') continue;
    const name = definition.childForFieldName('name')?.text;
    // A definition without a name (broken code): read as before, from the node up.
    if (name === undefined) return scopeFromNodeUp(node);
    // The first function on the way down is the outermost, the test that runs the node; the class
    // nearest above it is its class. A decorator belongs to the definition it decorates.
    if (definition.type === 'function_definition') return className ? `${className}.${name}` : name;
    className = name;
  }
  return className ?? '<module>';
}

function scopeFromNodeUp(node: Node): string {
  let functionName: string | null = null;
  let className: string | null = null;
  let current: Node | null = node;
  while (current) {
    // A decorator belongs to the function it decorates, not to the enclosing class.
    const decorated = current.type === 'decorated_definition' ? current.childForFieldName('definition') : null;
    if (decorated?.type === 'function_definition' && functionName === null) {
      functionName = decorated.childForFieldName('name')?.text ?? null;
      className = null;
    } else if (decorated?.type === 'class_definition' && functionName === null && className === null) {
      // A class decorator covers every method of the class it decorates.
      className = decorated.childForFieldName('name')?.text ?? null;
    } else if (current.type === 'function_definition') {
      functionName = current.childForFieldName('name')?.text ?? functionName;
      className = null;
    } else if (current.type === 'class_definition' && className === null) {
      className = current.childForFieldName('name')?.text ?? null;
    }
    current = current.parent;
  }
  if (functionName && className) return `${className}.${functionName}`;
  return functionName ?? className ?? '<module>';
}
