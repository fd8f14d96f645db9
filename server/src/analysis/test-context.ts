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

  // Module-level `test_*` functions are tests, and `test_*` or `test` methods of a test class (what
  // pytest and unittest collect). A view's `def test(self, request)`, the `test_func` permission check
  // of a `UserPassesTestMixin` view, or a nested `def test(user)` is not a test.
  const testClasses = new Set(input.classes.filter(isTestClass).map((c) => c.name));
  const testFunction = input.functions.find((f) => {
    if (!f.name.startsWith('test_') && f.name !== 'test') return false;
    if (f.className === null) return f.span.start.column === 0;
    return testClasses.has(f.className);
  });
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

/**
 * A class whose `test*` methods are tests: it derives from a test case (`TestCase`, `*TestBase`, a
 * base named like a test) or is named like one (`TestParser`, `ServersSampleJsonTest`, `LoginTests`).
 */
function isTestClass(cls: { readonly name: string; readonly bases: readonly string[] }): boolean {
  // A base named like a test class (`TestBase`, `ServerTests`, `APITestCase`: every TEST_CASE_BASE is
  // one); not any name holding "Test": Django's `UserPassesTestMixin` makes a view, whose `test_func`
  // is its permission check.
  return TEST_CLASS_NAME.test(cls.name) || cls.bases.some((b) => TEST_CLASS_NAME.test(b.split('.').pop() ?? b));
}

const TEST_CLASS_NAME = /^Test|Tests?$|TestCase|TestBase/;

/**
 * Whether a module outside the test globs holds test cases: a test class with `test*` methods. What
 * FL205 calls test code there. Importing `django.test` or `unittest` makes a helper test support, and
 * a module-level `def test_collection_is_public` in a template-tag module is no test a runner collects
 * (runners collect module-level functions only from test-named files, which the globs cover).
 */
export function definesTests(module: { readonly classes: ReadonlyArray<{ readonly name: string; readonly bases: readonly string[]; readonly methods: ReadonlyArray<{ readonly name: string }> }> }): boolean {
  return module.classes.some((c) => isTestClass(c) && (c.bases.some((b) => TEST_CASE_BASE.test(b)) || c.methods.some((m) => m.name.startsWith('test_') || m.name === 'test')));
}

/** `import mock` or `import fixtures` alone does not make a helper module a test. */
function hasStrongTestImport(seen: ReadonlySet<string>): boolean {
  return ['pytest', '_pytest', 'unittest', 'testtools', 'oslotest', 'django.test', 'rest_framework.test'].some((p) => seen.has(p));
}
