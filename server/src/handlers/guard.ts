/**
 * `guard(name, fn, fallback)`: runs a handler so that a failure is logged with its stack and answered
 * with the fallback (an empty result). One malformed file must never take the server down.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { Log } from '../log';

export type Guarded<P, R> = (params: P, token?: CancellationToken) => Promise<R>;

export type Guard = <P, R>(name: string, fn: (params: P, token?: CancellationToken) => R | Promise<R>, fallback: R) => Guarded<P, R>;

export function createGuard(log: Log): Guard {
  return (name, fn, fallback) => async (params, token) => {
    if (token?.isCancellationRequested) return fallback;
    try {
      return await fn(params, token);
    } catch (error) {
      log.error(`${name} failed`, error);
      return fallback;
    }
  };
}
