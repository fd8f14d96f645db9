// Small measuring helpers for the benchmark: medians and percentiles, and timing a child process
// by wall clock and by CPU (on Linux, the children's CPU time from /proc/self/stat, which is less
// disturbed than wall time on a shared machine).
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const median = (values) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const round = (value, digits = 0) => (value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** CPU milliseconds of the children this process has waited for (Linux); null elsewhere. */
function childrenCpuMs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on every Linux Node supports.
  } catch {
    return null;
  }
}

/**
 * Runs a command to completion with stdout to `stdoutFile` (or discarded) and returns wall and
 * CPU milliseconds. Throws with the command's stderr when it exits with an unexpected status.
 */
function timeCommand(command, args, { cwd, stdoutFile, okStatus = [0] } = {}) {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (typeof out === 'number') fs.closeSync(out);
  if (result.error) throw result.error;
  if (!okStatus.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${String(result.stderr).slice(0, 2000)}`);
  }
  return { wallMs, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, status: result.status };
}

/** Repeats `fn` `runs` times and reports the median of each numeric field it returns. */
function medianOf(runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(fn(i));
  const keys = Object.keys(samples[0]).filter((k) => typeof samples[0][k] === 'number');
  return Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]).filter((v) => typeof v === 'number'))]));
}

module.exports = { percentile, median, round, childrenCpuMs, timeCommand, medianOf };
