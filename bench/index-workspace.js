// Measures the workspace index on a real tree: walk, then summarise every module as the language
// server's background indexing does, then resolve and derive every useFixture site of the test
// files. Prints one JSON object. Usage: node bench/index-workspace.js --root DIR [--tests SUBDIR]
// (run `npm run build` first; reads out/ so it measures the same code the tests run).
const path = require('node:path');
const { parseArgs } = require('node:util');
const { createPythonParsing, findGrammarsDir, parserMemoryBytes } = require('../out/server/src/parsing/parser');
const { createFileSystemHost } = require('../out/server/src/io/workspace-host');
const { WorkspaceIndex } = require('../out/server/src/analysis/workspace-index');
const { DEFAULT_SETTINGS } = require('../out/server/src/settings');
const { growHeapForIndexing } = require('../out/server/src/heap-policy');

async function main() {
  const { values } = parseArgs({ options: { root: { type: 'string' }, tests: { type: 'string' } } });
  if (!values.root) {
    process.stderr.write('usage: node bench/index-workspace.js --root DIR\n');
    process.exit(2);
  }
  const root = path.resolve(values.root);
  // The language server's heap policy, so RSS here is what the server would hold.
  growHeapForIndexing();
  const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const before = process.memoryUsage();
  const parsing = await createPythonParsing(findGrammarsDir(path.join(__dirname, '..', 'out', 'server', 'src')));
  let started = performance.now();
  const host = createFileSystemHost({ root, parsing, testGlobs: DEFAULT_SETTINGS.testGlobs });
  const walkMs = performance.now() - started;
  const index = new WorkspaceIndex(host);
  started = performance.now();
  let summarised = 0;
  let bytes = 0;
  for (const entry of index.workspaceEntries) {
    const summary = index.summary(entry);
    if (summary) summarised++;
    bytes += require('node:fs').statSync(entry.absolutePath).size;
  }
  const indexMs = performance.now() - started;
  global.gc?.();
  const after = process.memoryUsage();
  started = performance.now();
  const importers = host.productionImportLines().length;
  const importScanMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify(
      {
        root,
        modules: index.workspaceEntries.length,
        summarised,
        bytes,
        environments: host.environmentRoots.map((r) => path.relative(root, r)),
        walkMs: Math.round(walkMs),
        indexMs: Math.round(indexMs),
        filesPerSecond: Math.round(summarised / (indexMs / 1000)),
        productionImportLines: importers,
        importScanMs: Math.round(importScanMs),
        rssMb: mb(after.rss),
        // Peak resident set of the whole run (process.resourceUsage reports kilobytes).
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
        heapUsedMb: mb(after.heapUsed),
        heapTotalMb: mb(after.heapTotal),
        parserWasmMb: mb(parserMemoryBytes()),
        heapGrowthMb: mb(after.heapUsed - before.heapUsed),
        gcExposed: typeof global.gc === 'function',
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
