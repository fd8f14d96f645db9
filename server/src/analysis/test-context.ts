/**
 * Decides whether a file is test code and for which frameworks, with one reason per piece of
 * evidence. Pure: takes the path and the syntax facts, never reads files.
 */
import picomatch from 'picomatch';
import type { ClassDef, FunctionDef, ImportBinding } from '../model/syntax';
import type { Framework, TestContext } from '../model/types';

export interface TestContextInput {
  /** Path relative to the analysis root, POSIX separators. */
  readonly path: string;
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassDef[];
  readonly functions: readonly FunctionDef[];
  readonly testGlobs: readonly string[];
}

/** Imported modules that mark a file as test code, and the framework each one means. */
const TEST_IMPORTS: ReadonlyArray<readonly [prefix: string, framework: Framework | null]> = [
  ['pytest', 'pytest'],
  ['_pytest', 'pytest'],
  ['unittest', 'unittest'],
  ['testtools', 'testtools'],
  ['oslotest', 'oslotest'],
  ['fixtures', null],
  ['mock', null],
  ['django.test', 'django'],
  ['rest_framework.test', 'django'],
  ['nova.test', 'nova'],
  ['nova.tests', 'nova'],
];

/** Base-class names (last dotted part) that make a class a test case. */
const TEST_CASE_BASE = /(^|\.)(\w*TestCase|TestBase|\w+TestBase|NoDBTestCase|APITestCase|LiveServerTestCase)$/;

export function decideTestContext(input: TestContextInput): TestContext {
  const reasons: string[] = [];
  const frameworks = new Set<Framework>();
  const fileName = input.path.split('/').pop() ?? input.path;

  const glob = input.testGlobs.find((pattern) => picomatch(pattern, { dot: true })(input.path));
  if (glob) reasons.push(`path matches ${glob}`);
  if (fileName === 'conftest.py') {
    reasons.push('file is a pytest conftest.py');
    frameworks.add('pytest');
  }

  const seenImports = new Set<string>();
  for (const binding of input.imports) {
    for (const [prefix, framework] of TEST_IMPORTS) {
      const name = binding.qualifiedName;
      if (name === prefix || name.startsWith(`${prefix}.`)) {
        if (!seenImports.has(prefix)) reasons.push(`imports ${prefix} (line ${binding.line})`);
        seenImports.add(prefix);
        if (framework) frameworks.add(framework);
      }
    }
  }

  for (const cls of input.classes) {
    const base = cls.bases.find((b) => TEST_CASE_BASE.test(b));
    if (base) {
      reasons.push(`class ${cls.name} derives from ${base} (line ${cls.span.start.row + 1})`);
      if (/^(unittest\.)?TestCase$/.test(base)) frameworks.add('unittest');
      if (base.startsWith('test.') && seenImports.has('nova.test')) frameworks.add('nova');
    }
  }

  const testFunction = input.functions.find((f) => f.name.startsWith('test_') || f.name === 'test');
  if (testFunction) {
    reasons.push(`defines ${testFunction.className ? `${testFunction.className}.` : ''}${testFunction.name} (line ${testFunction.span.start.row + 1})`);
    if (!testFunction.className && !frameworks.size) frameworks.add('pytest');
  }

  // A nova/oslotest/testtools/Django test case is still unittest underneath.
  if (frameworks.has('nova') || frameworks.has('oslotest') || frameworks.has('testtools') || frameworks.has('django')) {
    frameworks.add('unittest');
  }
  const order: Framework[] = ['pytest', 'unittest', 'testtools', 'oslotest', 'django', 'nova'];
  const hasTestCase = input.classes.some((c) => c.bases.some((b) => TEST_CASE_BASE.test(b)));
  const isTest =
    glob !== undefined || fileName === 'conftest.py' || testFunction !== undefined || hasTestCase || hasStrongTestImport(seenImports);
  return { isTest, frameworks: order.filter((f) => frameworks.has(f)), reasons };
}

/** `import mock` or `import fixtures` alone does not make a helper module a test. */
function hasStrongTestImport(seen: ReadonlySet<string>): boolean {
  return ['pytest', '_pytest', 'unittest', 'testtools', 'oslotest', 'django.test', 'rest_framework.test'].some((p) => seen.has(p));
}
