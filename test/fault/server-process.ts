import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/main.ts';

/** A `node bin/reverie.js serve` child process and where it listens. */
export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/** Spawns the CLI with `environment` on top of a quiet test default, resolving once it listens. */
export async function spawnServer(environment: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin/reverie.js'), 'serve'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', REFLECTION_ENABLED: 'false', LLM_CASCADE: 'offline', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    child,
    baseUrl,
    output: () => output,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Waits until the server accepts chats (GET /readyz answers 200). */
export async function waitReady(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await fetch(`${baseUrl}/readyz`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server never became ready');
}
