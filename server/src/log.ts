/**
 * The server's leveled logger over `connection.console` (LSP `window/logMessage`), at the level of
 * `fixtureLens.server.logLevel`. The server never writes to stdout itself: stdout carries the protocol.
 */
import type { RemoteConsole } from 'vscode-languageserver';
import type { LogLevel } from './settings';

export interface Log {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  setLevel(level: LogLevel): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function createLog(console: RemoteConsole, initial: LogLevel = 'info'): Log {
  let level = initial;
  const enabled = (wanted: LogLevel): boolean => RANK[wanted] <= RANK[level];
  return {
    error(message, error) {
      if (enabled('error')) console.error(error === undefined ? message : `${message}\n${describe(error)}`);
    },
    warn(message) {
      if (enabled('warn')) console.warn(message);
    },
    info(message) {
      if (enabled('info')) console.info(message);
    },
    debug(message) {
      // `MessageType.Log`: `Debug` is LSP 3.18 and older clients (Neovim 0.7) do not know it.
      if (enabled('debug')) console.log(message);
    },
    setLevel(next) {
      level = next;
    },
  };
}

/** The stack when there is one, so a logged failure points at its origin. */
export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
