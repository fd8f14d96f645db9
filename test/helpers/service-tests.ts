/**
 * A generated test module of any length for the editor tests: `TestService<i>` classes, each with a
 * fixture installed in `setUp`, a patched test with a placeholder password and a socket bound to all
 * interfaces (FL204), so edits anywhere have doubles, hovers and findings around them.
 */
import { py } from './workspace';

/** The module's imports and helper, under `docstring`. */
export function serviceTestHeader(docstring: string): string {
  return py(`"""${docstring}"""`, 'import socket', 'from unittest import mock', '', 'import fixtures', 'import testtools', '', '', 'def make_client(password):', '    return password', '', '');
}

/** Test class number `i`. */
export function serviceTestClass(i: number): string {
  return py(
    `class TestService${i}(testtools.TestCase):`,
    '    def setUp(self):',
    '        super().setUp()',
    '        self.useFixture(fixtures.MockPatch("service.api.send_email"))',
    '',
    '    @mock.patch("service.api.send_email")',
    `    def test_login_${i}(self, mock_send):`,
    '        password = "fake"',
    '        client = make_client(password=password)',
    '        self.assertTrue(client)',
    '',
    `    def test_bind_${i}(self):`,
    '        sock = socket.socket()',
    '        sock.bind(("0.0.0.0", 0))',
    '        self.assertTrue(sock)',
    '',
    '',
  );
}

/** The files of a workspace for these modules: the `service` package they patch, and `tests` with the given files. */
export function serviceWorkspace(tests: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'service/__init__.py': '',
    'service/api.py': py('def send_email(to):', '    return to'),
    'tests/__init__.py': '',
    ...Object.fromEntries(Object.entries(tests).map(([name, text]) => [`tests/${name}`, text])),
  };
}
