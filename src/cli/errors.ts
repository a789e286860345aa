/**
 * The one error type of adm-code. Every stage throws AdmError for problems with the user's input;
 * only the CLI boundary turns it into `adm-code: FILE:LINE:COL: message` and an exit code.
 */
export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

export interface Position {
  file?: string;
  line?: number;
  col?: number;
}

export class AdmError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;
  readonly exitCode: number;

  constructor(message: string, where: Position = {}, exitCode: number = EXIT_DATA) {
    super(message);
    this.name = 'AdmError';
    this.file = where.file;
    this.line = where.line;
    this.col = where.col;
    this.exitCode = exitCode;
  }

  /** `FILE:LINE:COL: message`, leaving out the parts that are unknown. */
  format(): string {
    let where = '';
    if (this.file !== undefined) {
      where = this.file;
      if (this.line !== undefined) {
        where += `:${this.line}`;
        if (this.col !== undefined) where += `:${this.col}`;
      }
      where += ': ';
    }
    return where + oneLine(this.message);
  }
}

export class UsageError extends AdmError {
  constructor(message: string) {
    super(message, {}, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** Error messages are one line: fold any line breaks a library put in. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
