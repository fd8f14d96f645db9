// Runs the mocha suites inside VS Code's extension host (the @vscode/test-electron contract: run()
// resolves or rejects) and writes results.json itself, so the harness does not depend on reporters.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const out = process.env.FL_E2E_OUT;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec' });
  // Without a workspace folder (run.mjs --no-folder) only the lone-file suite applies.
  const suites = process.env.FL_E2E_LONE_FILE ? ['no-folder.test.js'] : ['extension.test.js', 'panel.test.js'];
  for (const suite of suites) mocha.addFile(path.join(__dirname, suite));
  const results = { passed: [], failed: [], pending: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (out) fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.passed.push({ title: test.fullTitle(), ms: test.duration }));
    runner.on('fail', (test, error) => results.failed.push({ title: test.fullTitle(), error: String(error && error.stack) }));
    runner.on('pending', (test) => results.pending.push({ title: test.fullTitle() }));
  });
};
