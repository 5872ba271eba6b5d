// The `blvm journal` command group: `tail [-n N] [--type T] [--json]` and `count [--type T] [--json]`.
const typeArg = { name: 'type', long: 'type', takes_value: true, help: 'only events of this type' };
const jsonArg = { name: 'json', long: 'json', help: 'print JSON' };

export function journalCli(journal) {
  return {
    name: 'journal',
    about: 'the event journal kept by event-journal',
    commands: [
      {
        name: 'tail',
        about: 'print the newest journal entries',
        args: [{ name: 'lines', short: 'n', long: 'lines', takes_value: true, help: 'how many (default 10)' }, typeArg, jsonArg],
        run: async ({ options, stdout, stderr }) => {
          const n = options.lines === undefined ? 10 : Number(options.lines);
          if (!Number.isInteger(n) || n < 1 || n > 10000) {
            stderr(`-n: expected a whole number from 1 to 10000, got "${options.lines}"\n`);
            return 2;
          }
          for (const e of await journal.tail(n, options.type)) {
            stdout(options.json ? `${JSON.stringify(e)}\n` : `#${e.seq}  ${new Date(e.at).toISOString()}  ${e.type}  ${e.source}  ${JSON.stringify(e.data)}\n`);
          }
          return 0;
        },
      },
      {
        name: 'count',
        about: 'how many events the journal holds, per type',
        args: [typeArg, jsonArg],
        run: async ({ options, stdout }) => {
          const c = await journal.count(options.type);
          if (options.json) {
            stdout(`${JSON.stringify(c)}\n`);
            return 0;
          }
          stdout(`${c.count} events${options.type ? ` of type ${options.type}` : ''} (last #${c.last_seq ?? '-'}, gaps ${c.gaps})\n`);
          for (const [type, n] of Object.entries(c.by_type)) stdout(`  ${String(n).padStart(8)}  ${type}\n`);
          return 0;
        },
      },
    ],
  };
}
