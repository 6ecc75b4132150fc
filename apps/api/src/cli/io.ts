/** What a command may touch of its terminal: injected, so tests run commands without a process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}
