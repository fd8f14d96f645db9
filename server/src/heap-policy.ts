/**
 * How the language server's V8 heap grows. Process-wide, so only the server's entry points call it
 * (`main.ts`, the indexing handler) and the index benchmark, to measure what the server does;
 * analysis code never does. V8 reads the flag whenever it sets the next limit (after each full GC),
 * so it can be changed while running.
 *
 * By default V8 lets the heap grow to up to four times what survived the last full GC, and RSS
 * keeps the pages it grew into. Measured on nova (in-process, opening test_driver.py three times
 * after indexing; CPU seconds per open, RSS after):
 * - growth 20%: indexing leaves 265 MB RSS instead of 370-430 MB (100 MB live); opens 3.3 / 2.8 /
 *   2.4 s CPU, 382 MB. Full GCs run four times as often, about 3% of indexing time but a third of
 *   an open's.
 * - growth 50%: opens 3.0 / 2.2 / 1.8 s, 421 MB.
 * - growth 100%: opens 2.5 / 2.2 / 1.7 s, 403 MB.
 * - V8's default: opens 2.7 / 1.8 / 1.4 s, 603 MB.
 * The machine was loaded, so these move by tens of percent. Through the real server (one open and
 * 98 scripted edits): 50% gave first diagnostics in 1.6 s and 490 MB RSS after the edits, 100%
 * 2.2 s and 593 MB; the keystroke times were the same.
 */
import * as v8 from 'node:v8';

/** While building the index, which the server keeps: what it grows into stays resident. */
export const INDEXING_HEAP_GROWING_PERCENT = 20;

/** Otherwise: analysing a file allocates much and keeps little, and a third of it went to GC at 20%. */
export const EDITING_HEAP_GROWING_PERCENT = 50;

export function growHeapForIndexing(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${INDEXING_HEAP_GROWING_PERCENT}`);
}

export function growHeapForEditing(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${EDITING_HEAP_GROWING_PERCENT}`);
}

/** Builds the workspace index under the indexing growth, then goes back to the editing one. */
export async function whileIndexing<T>(work: () => Promise<T>): Promise<T> {
  growHeapForIndexing();
  try {
    return await work();
  } finally {
    growHeapForEditing();
  }
}
