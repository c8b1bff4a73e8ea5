import { spawn } from "node:child_process";

/** A child process exited non-zero (or was killed). `stderr` holds the tail of its stderr. */
export class ProcessError extends Error {
  override name = "ProcessError";
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(command: string, exitCode: number | null, stderr: string) {
    const lastLines = stderr.trim().split("\n").slice(-5).join("\n");
    super(`${command} exited with ${exitCode ?? "a signal"}:\n${lastLines}`);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export interface RunOptions {
  /** Called with every complete stdout line. */
  onStdoutLine?: (line: string) => void;
  /** How much of stderr to keep, in characters (the end is what matters). */
  stderrLimit?: number;
}

/**
 * Runs a program to completion and resolves with (the tail of) its stderr. Rejects with a
 * ProcessError on a non-zero exit, and with an error naming the program when it cannot start.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const limit = options.stderrLimit ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdoutRest = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-limit);
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (stdoutRest + chunk).split("\n");
      stdoutRest = lines.pop() ?? "";
      for (const line of lines) options.onStdoutLine?.(line);
    });
    child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on("close", (code) => {
      if (stdoutRest) options.onStdoutLine?.(stdoutRest);
      if (code === 0) resolve(stderr);
      else reject(new ProcessError(command, code, stderr));
    });
  });
}
