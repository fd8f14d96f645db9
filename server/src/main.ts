/**
 * Entry point of `dist/server.js`: creates the connection (`--stdio`, `--node-ipc` or `--socket`, as
 * the command line says) and starts the server. Stays tiny; nothing may print to stdout.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { growHeapForEditing } from './heap-policy';
import { describe } from './log';
import { startServer } from './server';

growHeapForEditing();

const connection = createConnection(ProposedFeatures.all);

process.on('unhandledRejection', (reason) => {
  connection.console.error(`Fixture Lens: unhandled promise rejection\n${describe(reason)}`);
});

startServer(connection);
