import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { runEvalCommand } from './eval/eval-command.ts';
import { runIngestCommand } from './ingest/ingest-command.ts';
import { createReverie, type Reverie } from './main.ts';

const usage = `Usage: reverie <command> [options]

Commands:
  serve [--port N] [--host H]              start the chat server
  reflect <character> [--kind chapter|chat] write one reflection now
  dream <character> [--apply|--dry-run]    consolidate a character's memory once
  rollback <character> <version>           make an earlier (or later) memory version current
  sync                                     push unsynced dataset shards to the Hugging Face Hub
  restore                                  download the dataset from the Hub into DATA_DIR
  ingest <file> [--id] [--title] [--author] [--json]
                                           load a novel into the corpus and list its characters
<<<<<<< HEAD
  forget <visitorId> [--character id]      erase what a visitor told every character (or one), everywhere
  eval fairytaleqa|locomo|evolution|characters|visitors|conversation ...
                                           measure retrieval, memory and the offline voice (see README)
=======
  eval fairytaleqa|locomo|evolution|discovery ...  measure retrieval, memory and character discovery (see README)
>>>>>>> discovery
  help                                     show this text

Configuration comes from the environment (see the README's table).
`;

/** A command's handler: receives the arguments after the command name, returns an exit code. */
type Command = (args: string[]) => Promise<number>;

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs `work` against a wired Reverie that does not listen and runs no schedule of its own. */
async function withReverie(work: (reverie: Reverie, config: Config) => Promise<number>, overrides: Parameters<typeof loadConfig>[1] = {}): Promise<number> {
  const config = loadConfig(undefined, { REFLECTION_ENABLED: 'false', ...overrides });
  const reverie = await createReverie(config, { log: (line) => process.stderr.write(`${line}\n`) });
  try {
    await reverie.ready;
    return await work(reverie, config);
  } finally {
    await reverie.close();
  }
}

function requireCharacter(reverie: Reverie, id: string | undefined): string {
  if (!id) throw new UsageError('name a character, e.g. alice');
  if (!reverie.runtimes.has(id)) throw new UsageError(`no character "${id}"; known: ${[...reverie.runtimes.keys()].join(', ')}`);
  return id;
}

/** A mistake in the command line (exit code 2). */
class UsageError extends Error {}

const commands: Record<string, Command> = {
  async serve(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
    const config = loadConfig(undefined, { ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) });
    const reverie = await createReverie(config);
    const { port } = await reverie.listen();
    console.log(`Reverie is listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port} with ${reverie.runtimes.size} characters`);
    const shutdown = async (signal: string) => {
      console.log(`${signal}: shutting down`);
      await reverie.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    return new Promise<number>(() => {});
  },

  async reflect(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { kind: { type: 'string' } } });
    if (values.kind !== undefined && values.kind !== 'chapter' && values.kind !== 'chat') throw new UsageError('--kind must be chapter or chat');
    return withReverie(async (reverie) => {
      const character = requireCharacter(reverie, positionals[0]);
      const result = await reverie.reflection.reflectNow({ character, ...(values.kind ? { kind: values.kind as 'chapter' | 'chat' } : {}) });
      print(result);
      return result.status === 'skipped' ? 1 : 0;
    });
  },

  async dream(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { apply: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
    if (values.apply && values['dry-run']) throw new UsageError('choose one of --apply and --dry-run');
    const mode = values.apply ? 'apply' : values['dry-run'] ? 'dry-run' : 'auto';
    return withReverie(async (reverie) => {
      const character = requireCharacter(reverie, positionals[0]);
      const record = await reverie.dreams.service.dream(character, { mode, force: true });
      print(record);
      return record.status === 'failed' ? 1 : 0;
    });
  },

  async rollback(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const version = Number(positionals[1]);
    if (!Number.isInteger(version) || version < 0) throw new UsageError('usage: reverie rollback <character> <version>');
    return withReverie(async (reverie) => {
      const character = requireCharacter(reverie, positionals[0]);
      print(await reverie.dreams.service.rollback(character, version, 'cli'));
      return 0;
    });
  },

  async sync() {
    return withReverie(async (reverie) => {
      const result = await reverie.dataset.syncNow();
      print(result);
      return result.status === 'failed' || result.status === 'disabled' ? 1 : 0;
    });
  },

  async restore() {
    const config = loadConfig(undefined, { REFLECTION_ENABLED: 'false' });
    const reverie = await createReverie(config, { log: (line) => process.stderr.write(`${line}\n`) });
    try {
      await reverie.ready;
      print(await reverie.dataset.restore());
      return 0;
    } finally {
      await reverie.close();
    }
  },

  async forget(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { character: { type: 'string' } } });
    const visitor = positionals[0];
    if (!visitor || !/^[A-Za-z0-9_-]{16,64}$/.test(visitor)) throw new UsageError('usage: reverie forget <visitorId> [--character id] (the id is the visitor cookie: 16 to 64 letters, digits, "-" or "_")');
    return withReverie(async (reverie) => {
      const character = values.character === undefined ? undefined : requireCharacter(reverie, values.character);
      const result = await reverie.erasure.erase({ visitor, ...(character ? { character } : {}) });
      print(result);
      return result.status === 'done' ? 0 : 1;
    });
  },

  async ingest(args) {
    const config = loadConfig();
    return runIngestCommand(args, { stdout: process.stdout, stderr: process.stderr }, { corpusDir: config.CORPUS_DIR });
  },

  eval: (args) => runEvalCommand(args, { stdout: process.stdout, stderr: process.stderr }),

  async help() {
    console.log(usage);
    return 0;
  },
};

/** Registers another command (the eval harness adds its own). */
export function addCommand(name: string, command: Command): void {
  commands[name] = command;
}

/** Runs one command line and returns its exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`reverie ${name}: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    console.error(`reverie ${name}: ${(error as Error).message}`);
    return 1;
  }
}
