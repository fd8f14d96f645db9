/** Maps a root-relative file path to its dotted module name (`nova/tests/fixtures/nova.py` → `nova.tests.fixtures.nova`). */
export function modulePathOf(relativePath: string): string {
  const withoutExtension = relativePath.replace(/\.pyi?$/, '');
  const parts = withoutExtension.split('/').filter((p) => p && p !== '.');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}
