/** Runs the CLI in-process with captured output, as the CLI tests need it. */
import { runCli } from '../../server/src/cli/main';

export interface Captured {
  code: number;
  out: string;
  err: string;
}

export async function cli(args: string[], cwd: string): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await runCli(args, { cwd, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isInteractive: false });
  return { code, out, err };
}
