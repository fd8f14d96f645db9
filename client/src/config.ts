/**
 * The client's names for the `fixtureLens` settings. The only place in client/ that may call
 * `workspace.getConfiguration` (nothing needs to yet: the server pulls its own copy).
 * Kept vscode-free so the manifest test can import it.
 */

import { SETTINGS_SECTION } from '../../server/src/protocol';

/** The settings section, synchronised to the server; defined in the shared protocol. */
export { SETTINGS_SECTION };

/**
 * The language client id. It must equal the settings section, because vscode-languageclient
 * reads `<id>.trace.server` for protocol tracing.
 */
export const CLIENT_ID = SETTINGS_SECTION;

/** The setting vscode-languageclient reads for protocol tracing. */
export const TRACE_SETTING = `${CLIENT_ID}.trace.server`;

/**
 * Files whose changes the server hears about (`workspace/didChangeWatchedFiles`): Python sources, and
 * the project files that make a folder's settings (pyproject.toml, and requirements files for the
 * pytest plugins they declare).
 */
export const WATCHED_FILE_GLOBS: readonly string[] = ['**/*.py', '**/pyproject.toml', '**/*requirements*.txt', '**/requirements/*.txt'];
