// Checks a packaged .vsix: under the size limit, holding the bundles, grammars and queries, and
// nothing else (no node_modules, TypeScript sources, tests or source maps). Pure Node: it reads the
// zip's central directory itself. Usage: node scripts/check-vsix.js [fixture-lens.vsix]
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const vsixPath = path.resolve(process.argv[2] ?? path.join(root, 'fixture-lens.vsix'));
const MAX_BYTES = 5 * 1024 * 1024;

// Files under extension/ must match one of these (mirrors the .vscodeignore allowlist).
const ALLOWED = [
  /^extension\/package\.json$/,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/dist\/webview\.css$/,
  /^extension\/dist\/grammars\/[^/]+\.wasm$/,
  /^extension\/dist\/grammars\/queries\/[^/]+\.scm$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/images\/icon\.png$/,
];
const queries = fs
  .readdirSync(path.join(root, 'grammars', 'queries'))
  .filter((name) => name.endsWith('.scm'))
  .map((name) => `extension/dist/grammars/queries/${name}`);
const REQUIRED = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/webview.js',
  'extension/dist/webview.css',
  'extension/dist/grammars/tree-sitter-python.wasm',
  'extension/dist/grammars/tree-sitter.wasm',
  'extension/images/icon.png',
  ...queries,
];

/** Lists a zip's entries from its central directory (no zip64: a .vsix here is far below 4 GB). */
function listZip(buffer) {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let eocd = -1;
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
    if (buffer.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== CENTRAL) throw new Error(`bad central directory entry ${i}`);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    entries.push({ name: buffer.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function check() {
  const problems = [];
  if (!fs.existsSync(vsixPath))
    return [`${vsixPath} does not exist; run npm run build && npm run package`];
  const buffer = fs.readFileSync(vsixPath);
  if (buffer.length >= MAX_BYTES)
    problems.push(`size ${buffer.length} B is not below ${MAX_BYTES} B`);
  const entries = listZip(buffer).filter((entry) => !entry.name.endsWith('/'));
  const names = new Set(entries.map((entry) => entry.name));
  for (const name of REQUIRED) if (!names.has(name)) problems.push(`missing ${name}`);
  for (const { name } of entries) {
    if (name.startsWith('extension/') && !ALLOWED.some((pattern) => pattern.test(name))) {
      problems.push(`unexpected ${name}`);
    }
  }
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  console.log(
    `${path.relative(process.cwd(), vsixPath)}: ${buffer.length} B, ` +
      `${entries.length} files, ${total} B unpacked`,
  );
  return problems;
}

const problems = check();
for (const problem of problems) console.error(`check-vsix: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
