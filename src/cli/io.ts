// What every CLI command gets: output sinks and lazy access to the node config.
import type { NodeConfig } from '../config/types.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Loads (once) the config chosen by --config, BLVM_CONFIG or ./blvm.toml. */
  config: () => Promise<NodeConfig>;
  /** The --config flag as given, for commands that start other processes. */
  configFlag?: string;
  isTty: boolean;
}

export type CommandRun = (argv: string[], io: CliIo) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
