/**
 * The open-document store: `TextDocuments` whose updates also report each change, as offsets into
 * the text it was made to, so the tree cache can edit its tree before the incremental reparse.
 */
import { TextDocumentContentChangeEvent, TextDocuments, type Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextChange } from '../parsing/trees';

export type ChangeListener = (uri: string, oldText: string, change: TextChange) => void;

export function createDocuments(onChange: ChangeListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update(document, changes, version) {
      // One change at a time: each change's range refers to the text left by the previous one.
      let current = document;
      for (const change of changes) {
        const oldText = current.getText();
        if (TextDocumentContentChangeEvent.isIncremental(change)) {
          const range = wellFormed(change.range);
          onChange(current.uri, oldText, {
            startIndex: current.offsetAt(range.start),
            oldEndIndex: current.offsetAt(range.end),
            newText: change.text,
          });
        } else {
          onChange(current.uri, oldText, { startIndex: 0, oldEndIndex: oldText.length, newText: change.text });
        }
        current = TextDocument.update(current, [change], version);
      }
      return current;
    },
  });
}

/** Clients may send a reversed range; `TextDocument.update` swaps it, so the offsets must too. */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  const isReversed = start.line > end.line || (start.line === end.line && start.character > end.character);
  return isReversed ? { start: end, end: start } : range;
}
