/** `[tool.fixture-lens]` in pyproject.toml: keys, precedence over editor settings, clear problems. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyProjectConfig, readProjectConfig } from '../../server/src/config/pyproject';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';

describe('pyproject.toml configuration', () => {
  it('reads test globs, extra paths, rules and context hints', () => {
    const project = readProjectConfig(
      ['[project]', 'name = "shop"', '', '[tool.fixture-lens]', 'test-globs = ["checks/**/*.py"]', 'extra-paths = ["vendor"]', 'disabled-rules = ["fl105"]', 'severity = { FL204 = "error" }', 'context-hints = "information"', ''].join('\n'),
    );
    assert.deepEqual(project.problems, []);
    const settings = applyProjectConfig(parseSettings({ testGlobs: ['**/editor_*.py'] }), project);
    assert.deepEqual(settings.testGlobs, ['checks/**/*.py']);
    assert.deepEqual(settings.extraPaths, ['vendor']);
    assert.deepEqual(settings.rules.disabled, ['FL105']);
    assert.deepEqual(settings.rules.severity, { FL204: 'error' });
    assert.equal(settings.contextHints, 'information');
  });

  it('keeps editor settings for keys the project does not set', () => {
    const project = readProjectConfig('[tool.fixture-lens]\ncontext-hints = "off"\n');
    const settings = applyProjectConfig(parseSettings({ testGlobs: ['**/editor_*.py'], rules: { disabled: ['FL204'] } }), project);
    assert.deepEqual(settings.testGlobs, ['**/editor_*.py']);
    assert.deepEqual(settings.rules.disabled, ['FL204']);
    assert.equal(settings.contextHints, 'off');
  });

  it('has nothing to say without the section', () => {
    const project = readProjectConfig('[tool.black]\nline-length = 100\n');
    assert.deepEqual(project, { settings: {}, keys: [], problems: [] });
    assert.deepEqual(applyProjectConfig(DEFAULT_SETTINGS, project), DEFAULT_SETTINGS);
  });

  it('reports invalid TOML with its position, unknown keys and wrong types, one line each', () => {
    const broken = readProjectConfig('[tool.fixture-lens\ntest-globs = 1\n');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0], /^pyproject\.toml: invalid TOML at line 1, column \d+: /);
    const wrong = readProjectConfig('[tool.fixture-lens]\ntest-globs = "tests/*.py"\ncolour = "blue"\n');
    assert.deepEqual(wrong.problems, [
      'pyproject.toml: [tool.fixture-lens] test-globs must be an array of strings',
      'pyproject.toml: [tool.fixture-lens] unknown key "colour" (known: test-globs, extra-paths, disabled-rules, severity, context-hints)',
    ]);
    for (const problem of [...broken.problems, ...wrong.problems]) assert.ok(!problem.includes('\n'));
  });
});
