// The physical floor of a keystroke: web-tree-sitter's incremental reparse of one file after each of
// bench/lsp-probe.js's scripted edits (a statement inserted at the top of a body line, then removed;
// with PATTERN=typing, its typing: a statement typed one character per edit after tests' last lines),
// with the edit told to tree-sitter three ways: as the smallest change between the texts, widened to
// start at the previous line's last token (`fromPreviousToken`), and as the server tells it
// (`forReparse`). Each way reparses its own chain of trees. Prints one JSON object with p50/p95/max per way.
// Usage (after `npm run build`): [PATTERN=typing] node bench/parse-edits.js FILE [EDITS=200]
const fs = require('node:fs');
const path = require('node:path');
const OUT = path.join(__dirname, '..', 'out');
const { createPythonParsing, findGrammarsDir } = require(`${OUT}/server/src/parsing/parser`);
const { editBetween, forReparse, fromPreviousToken, isInStringAt, toEdit } = require(`${OUT}/server/src/parsing/trees`);
const { percentile, round } = require('./measure');
// The rows `bench/lsp-probe.js` types after, so both type the same statements at the same places.
const { lastTestLines } = require('./lsp-probe');

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/parse-edits.js FILE [EDITS]\n');
  process.exit(2);
}
const edits = Number(process.argv[3] || 200);

(async () => {
  const parsing = await createPythonParsing(findGrammarsDir(`${OUT}/server/src`));
  const original = fs.readFileSync(file, 'utf8');
  const bodyLines = original.split('\n').flatMap((line, row) => (/^ {8}\S/.test(line) ? [row] : []));
  const ways = {
    smallest: (oldText, change) => toEdit(oldText, change),
    fromPreviousToken: (oldText, change) => toEdit(oldText, fromPreviousToken(oldText, change)),
    forReparse: (oldText, change, tree) => toEdit(oldText, forReparse(oldText, change, isInStringAt(tree, change.startIndex))),
  };
  const TYPED = 'self.assertEqual(probe, [1, 2])';
  const isTyping = process.env.PATTERN === 'typing';
  const result = { file: path.basename(file), bytes: Buffer.byteLength(original), edits, pattern: isTyping ? 'typing' : 'probe' };
  for (const [name, describe] of Object.entries(ways)) {
    let text = original;
    let tree = parsing.parse(text);
    const times = [];
    let typingAt = 0;
    for (let i = 0; i < edits && bodyLines.length; i++) {
      const lines = text.split('\n');
      let newText;
      if (isTyping) {
        const step = i % (TYPED.length + 1);
        if (step === 0) {
          const rows = lastTestLines(lines);
          const row = rows[Math.floor(((i / (TYPED.length + 1)) * 7919) % rows.length)];
          typingAt = lines.slice(0, row + 1).reduce((sum, line) => sum + line.length + 1, 0) - 1;
        }
        const typed = step === 0 ? '\n        ' : TYPED[step - 1];
        newText = text.slice(0, typingAt) + typed + text.slice(typingAt);
        typingAt += typed.length;
      } else {
        const at = bodyLines[Math.floor(((i >> 1) * 7919) % bodyLines.length)];
        let lineStart = 0;
        for (let r = 0; r < at; r++) lineStart += lines[r].length + 1;
        newText = i % 2 === 0
          ? text.slice(0, lineStart) + '        probe_value = 1\n' + text.slice(lineStart)
          : text.slice(0, lineStart) + text.slice(lineStart + lines[at].length + 1);
      }
      // As the server sees it: the smallest change between the two texts.
      const smallest = editBetween(text, newText);
      const change = { startIndex: smallest.startIndex, oldEndIndex: smallest.oldEndIndex, newText: newText.slice(smallest.startIndex, smallest.newEndIndex) };
      tree.edit(describe(text, change, tree));
      const started = performance.now();
      const next = parsing.parse(newText, tree);
      times.push(performance.now() - started);
      tree.delete();
      tree = next;
      text = newText;
    }
    tree.delete();
    result[name] = { p50: round(percentile(times, 50), 1), p95: round(percentile(times, 95), 1), max: round(Math.max(...times), 1) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
})();
