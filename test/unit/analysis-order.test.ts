/** The order of a whole-suite run (`cli/analysis-order.ts`): imported test modules before their importers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importedFirst, importedModules } from '../../server/src/cli/analysis-order';

describe('imported modules, read from a text', () => {
  it('absolute, relative and package imports, with their packages', () => {
    const text = [
      'import os, nova.tests.fixtures as fx',
      'from nova.tests.unit import fake_instance',
      'from . import fakelibvirt',
      'from .. import utils as u',
      '    from nova.tests.unit.virt import (fake_driver,',
      'x = "from not.an import statement"',
    ].join('\n');
    const found = importedModules(text, 'nova.tests.unit.virt.libvirt.test_driver', false).sort();
    assert.deepEqual(found, [
      'nova',
      'nova.tests',
      'nova.tests.fixtures',
      'nova.tests.unit',
      'nova.tests.unit.fake_instance',
      'nova.tests.unit.virt',
      'nova.tests.unit.virt.fake_driver',
      'nova.tests.unit.virt.libvirt',
      'nova.tests.unit.virt.libvirt.fakelibvirt',
      'nova.tests.unit.virt.utils',
      'os',
    ]);
  });

  it('a package resolves `from . import x` inside itself; climbing above the top is no import', () => {
    assert.deepEqual(importedModules('from . import nova', 'tests.fixtures', true).sort(), ['tests', 'tests.fixtures', 'tests.fixtures.nova']);
    assert.deepEqual(importedModules('from ... import x', 'a.b', false), []);
  });
});

describe('the order of a run', () => {
  const file = (modulePath: string, text = '', isPackage = false) => ({ modulePath, isPackage, text });

  it('puts a module before the files that import it, and keeps file order otherwise', () => {
    const files = [
      file('tests.test_api', 'from tests import fakes\nfrom tests.fixtures import nova'),
      file('tests.test_cli'),
      file('tests.fakes', 'import tests.fixtures.nova'),
      file('tests.fixtures.nova'),
    ];
    assert.deepEqual(importedFirst(files), [3, 2, 0, 1]);
  });

  it('breaks an import cycle where it meets it, and places every file once', () => {
    const files = [file('a', 'import b'), file('b', 'import a'), file('c', 'import c'), { modulePath: null, isPackage: false, text: 'import a' }];
    assert.deepEqual(importedFirst(files), [1, 0, 2, 3]);
  });

  it('follows a chain deeper than the call stack would allow', () => {
    const depth = 20000;
    const files = Array.from({ length: depth }, (_, i) => file(`m${i}`, i + 1 < depth ? `import m${i + 1}` : ''));
    const order = importedFirst(files);
    assert.equal(order.length, depth);
    assert.equal(order[0], depth - 1);
    assert.equal(order[depth - 1], 0);
  });
});
