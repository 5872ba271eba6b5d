// What the benchmarks need of a peer process supervisor (PM2, supervisord).
export interface PeerSupervisor {
  /** Name and version, as printed in the tables. */
  readonly label: string;
  /** Starts the supervisor and `count` copies of the program, each with BENCH_SOCKET = socketPath. */
  launch(count: number, programPath: string, socketPath: string): Promise<void>;
  /** The supervisor's own (root) process. */
  daemonPid(): number;
  /** Stops the supervisor and its programs. */
  stop(): Promise<void>;
}
