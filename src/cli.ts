import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { createReverie } from './main.ts';

const usage = `Usage: reverie <command> [options]

Commands:
  serve                         start the chat server (PORT, DATA_DIR... from the environment)
  help                          show this text
`;

/** A command's handler: receives the arguments after the command name, returns an exit code. */
type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async serve(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
    const config = loadConfig(process.env, { ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) });
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
  async help() {
    console.log(usage);
    return 0;
  },
};

/** Runs one command line; exported for tests. */
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
    console.error(`reverie ${name}: ${(error as Error).message}`);
    return 1;
  }
}
