import { runCli } from './cli';
import { processContext } from './cli-context';
import { oneLine } from './cli-error';

// Whatever escapes the command (a rejected promise from a library's background work), the operator
// sees one line, never a stack trace.
process.on('uncaughtException', (err) => {
  process.stderr.write(`Error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`Error: ${oneLine(reason instanceof Error ? reason.message : String(reason))}\n`);
  process.exit(1);
});

runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
