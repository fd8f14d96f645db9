// Copies the tree-sitter wasm files from their npm packages into grammars/ (for out/ and tests)
// and grammars/ into dist/grammars/ (shipped next to the bundles). Plain fs: no shell `cp`.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const grammars = path.join(root, 'grammars');
const sources = [
  require.resolve('tree-sitter-python/tree-sitter-python.wasm', { paths: [root] }),
  require.resolve('web-tree-sitter/tree-sitter.wasm', { paths: [root] }),
];
for (const file of sources) fs.copyFileSync(file, path.join(grammars, path.basename(file)));
if (process.argv.includes('--dist')) {
  fs.rmSync(path.join(root, 'dist', 'grammars'), { recursive: true, force: true });
  fs.cpSync(grammars, path.join(root, 'dist', 'grammars'), {
    recursive: true,
    filter: (src) => !src.endsWith('.md'),
  });
}
