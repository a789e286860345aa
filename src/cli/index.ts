/**
 * The command line: parses arguments, runs one command, prints its Output. This is the only
 * place that writes to stdout/stderr or decides an exit code.
 */
import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { FORMATS, render, type Format } from '../render/index.js';
import type { Output } from '../types.js';
import { check, test } from './codebook.js';
import { code, type CodeOptions } from './code.js';
import { UnreadableFiles, type CommonOptions } from './study.js';
import { AdmError, EXIT_DATA, EXIT_OK, EXIT_USAGE, oneLine } from './errors.js';
import { checkOutputPath, writeAtomically } from './output.js';
import { progressReporter } from './progress.js';
import { tally, type TallyOptions } from './tally.js';
import { agree, type AgreeOptions } from './agree.js';
import { cooccur } from './cooccur.js';
import { excerpts, type ExcerptOptions } from './excerpts.js';
import { matrix, type MatrixOptions } from './matrix.js';
import { speakers } from './speakers.js';
import { UsageError } from './errors.js';
import { cacheDir } from '../codebook/cache.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
});

interface OutputFlags {
  format: Format;
  table?: string;
  output?: string;
  force?: boolean;
  raw?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('adm-code');
  const globals = () => program.opts<{ color: boolean; quiet?: boolean }>();
  const colorWanted = (flags: OutputFlags) =>
    flags.format === 'table' && !flags.output && globals().color !== false && !(io.env.NO_COLOR ?? '') && (io.isTTY || Boolean(io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0'));
  const warn = (message: string, file?: string) => {
    if (!globals().quiet) io.stderr(`adm-code: warning: ${file ? `${file}: ` : ''}${oneLine(message)}\n`);
  };

  /** Gives a study command a progress bar on stderr when that is a terminal. */
  const withProgress = async <T>(opts: CommonOptions, run: () => Promise<T>): Promise<T> => {
    const progress = progressReporter(Boolean(process.stderr.isTTY) && io.isTTY && !globals().quiet);
    opts.onProgress = progress.onProgress;
    try {
      return await run();
    } finally {
      progress.stop();
    }
  };

  /** Renders an Output and sends it to stdout or the --output file (all or nothing). */
  const emit = async (out: Output, flags: OutputFlags) => {
    const text = render(out, { format: flags.format, table: flags.table, color: colorWanted(flags), raw: Boolean(flags.raw) });
    if (flags.output) {
      const abs = await checkOutputPath(flags.output, Boolean(flags.force), out.inputs ?? []);
      await writeAtomically(abs, text);
      if (!globals().quiet) io.stderr(`adm-code: wrote ${flags.output}\n`);
    } else io.stdout(text);
  };

  const formatOption = (formats: readonly string[]) =>
    new Option('-f, --format <format>', 'output format').choices(formats as string[]).default('table');
  const studyOptions = (cmd: Command) =>
    cmd
      .option('-c, --codebook <file>', 'codebook YAML (default: the one file in ./codebooks/)')
      .option('-a, --attributes <file>', 'participants sheet (default: participants.csv in the transcripts folder)')
      .option('--include-interviewer', 'also code interviewer turns')
      .option('--interviewer <label>', 'another interviewer label (repeatable)', collect)
      .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
      .option('--force', 'let --output replace an existing file')
      .option('--raw', "don't prefix spreadsheet-formula characters (= + - @) with ' in csv/tsv")
      .addOption(new Option('--unit <unit>', 'coding unit: turn, paragraph (blank-line separated) or sentence').choices(['turn', 'paragraph', 'sentence']).default('turn'))
      .option('--skip-bad', 'leave unreadable files out (with a warning) instead of stopping with exit 1');

  /** A command that reads a study: transcripts, codebook, sheet; `--codings` adds manual codes. */
  const studyCommand = (name: string, description: string, manualCodings: boolean) => {
    const cmd = studyOptions(program.command(name).description(description).argument('[transcripts...]', 'files, folders (read recursively) or globs (default: ./transcripts)'));
    if (manualCodings) cmd.option('--codings <file>', 'manual codes from a codings CSV (document,segment,theme[,coder]), added to the rules (repeatable)', collect);
    return cmd;
  };

  program
    .name('adm-code')
    .description('Qualitative coding of interview transcripts: auto-code speaker turns with a YAML codebook,\ncount themes per group, and tally the participants sheet.')
    .version(VERSION, '-V, --version')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'no warnings or progress on stderr')
    .showSuggestionAfterError(true)
    // Every command may load the codebook through the cache (codebook/cache.ts) the environment names.
    .hook('preAction', (_program, command) => void command.setOptionValue('cache', cacheDir(io.env)))
    .addHelpText(
      'after',
      `
Examples:
  adm-code tally                                   theme counts per group for ./transcripts
  adm-code tally --format csv > themes.csv         the same as CSV, for R, pandas or Excel
  adm-code tally --format csv --table attributes   the questionnaire tallies as CSV
  adm-code code transcripts/INT-07.txt             every coded segment of one interview
  adm-code codebook check                          validate ./codebooks/*.yaml
  adm-code codebook test                           run the codebook's examples as tests
  adm-code excerpts --theme hierarchy              the quotes behind a number
  adm-code agree --codings anna.csv --auto         how well the rules agree with a human coder
  adm-code matrix > matrix.csv                     participants × themes, for R, SPSS or Excel
  adm-code cooccur                                 which themes travel together
  adm-code speakers                                speaker labels per document, and likely typos

Exit codes: 0 success, 1 input or data error, 2 usage error.`,
    );

  studyCommand('tally', 'theme frequencies per group, then tallies of the participants sheet', true)
    .option('--by <column>', 'group by this attribute instead of `group`')
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .addOption(new Option('-t, --table <name>', 'which table: themes or attributes (csv/tsv print one; default themes)').choices(['themes', 'attributes']))
    .addHelpText('after', '\nExamples:\n  adm-code tally\n  adm-code tally transcripts/ --by profession --format csv --table attributes -o attributes.csv')
    .action(async (transcripts: string[], opts: OutputFlags & TallyOptions) => {
      if ((opts.format === 'csv' || opts.format === 'tsv') && !opts.table) opts.table = 'themes';
      await emit(await withProgress(opts, () => tally(transcripts, opts, warn)), opts);
    });

  studyCommand('code', 'apply the codebook: one row per coded segment × theme', true)
    .addOption(formatOption(FORMATS))
    .addHelpText('after', '\nExamples:\n  adm-code code transcripts/ --format csv > codings.csv\n  adm-code code transcripts/focus-groups --format jsonl')
    .action(async (transcripts: string[], opts: OutputFlags & CodeOptions) => {
      await emit(await withProgress(opts, () => code(transcripts, opts, warn)), opts);
    });

  studyCommand('excerpts', 'the coded quotes of a theme, grouped, with the matched words highlighted', true)
    .option('--theme <id>', 'only this theme (repeatable; a parent includes its sub-themes)', collect)
    .option('--group <name>', 'only participants of this group (repeatable)', collect)
    .option('--participant <id>', 'only this participant (repeatable)', collect)
    .option('--context <n>', 'also show N turns before and after each quote', (v: string) => {
      if (!/^\d+$/.test(v)) throw new UsageError(`--context ${v}: give a whole number of turns`);
      return Number(v);
    })
    .option('--redact', 'replace participant labels, listed names, e-mail addresses, UK phone and NHS numbers with [REDACTED]')
    .option('--redact-file <file>', 'more names to redact, one per line (implies --redact)')
    .addOption(formatOption(['table', 'md', 'csv', 'tsv', 'json', 'jsonl']))
    .addHelpText('after', '\nExamples:\n  adm-code excerpts --theme hierarchy\n  adm-code excerpts --theme parity-pt --group service-lead --context 1 --format md > parity.md\n  adm-code excerpts --theme evidence-defensive --redact --format csv')
    .action(async (transcripts: string[], opts: OutputFlags & ExcerptOptions) => {
      if (opts.redactFile) opts.redact = true;
      await emit(await withProgress(opts, () => excerpts(transcripts, opts, warn, { format: opts.format, color: colorWanted(opts) })), opts);
    });

  studyCommand('agree', 'inter-coder agreement: two codings files, or one and the codebook (--auto)', false)
    .option('--codings <file>', 'a codings CSV (document,segment,theme,coder); give two, or one with --auto', collect)
    .option('--auto', "compare the one --codings file with the codebook's auto-coding (precision, recall, F1)")
    .option('--disagreements', 'also list every segment the two coders coded differently')
    .option('--min-kappa <k>', 'exit 1 when any theme has kappa below K', (v: string) => {
      const k = Number(v);
      if (!Number.isFinite(k) || k < -1 || k > 1) throw new UsageError(`--min-kappa ${v}: give a number between -1 and 1`);
      return k;
    })
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .addOption(new Option('-t, --table <name>', 'which table for csv/tsv: agreement or disagreements').choices(['agreement', 'disagreements']))
    .addHelpText('after', '\nExamples:\n  adm-code agree --codings anna.csv --codings ben.csv\n  adm-code agree --codings anna.csv --auto --disagreements\n  adm-code agree --codings anna.csv --codings ben.csv --min-kappa 0.6 --format csv')
    .action(async (transcripts: string[], opts: OutputFlags & AgreeOptions) => {
      const result = await withProgress(opts, () => agree(transcripts, opts, warn));
      await emit(result.output, opts);
      if (result.belowMinimum.length > 0) {
        io.stderr(`adm-code: kappa below ${opts.minKappa} for: ${result.belowMinimum.join(', ')}\n`);
        exitCode = EXIT_DATA;
      }
    });

  studyCommand('matrix', 'the case × code matrix: one row per participant, one column per theme', true)
    .option('--binary', '1 when the participant has any coded segment of the theme, else 0')
    .addOption(formatOption(['csv', 'tsv', 'json', 'md', 'table']).default('csv'))
    .addHelpText('after', '\nExamples:\n  adm-code matrix > matrix.csv\n  adm-code matrix --binary --format tsv')
    .action(async (transcripts: string[], opts: OutputFlags & MatrixOptions) => {
      await emit(await withProgress(opts, () => matrix(transcripts, opts, warn)), opts);
    });

  studyCommand('cooccur', 'theme × theme: segments and participants coded with both, and the Jaccard index', true)
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .addHelpText('after', '\nExamples:\n  adm-code cooccur\n  adm-code cooccur --format csv > cooccurrence.csv')
    .action(async (transcripts: string[], opts: OutputFlags & CommonOptions) => {
      await emit(await withProgress(opts, () => cooccur(transcripts, opts, warn)), opts);
    });

  program
    .command('speakers')
    .description('every speaker label per document, with turns, words, role, and labels that look mistyped')
    .argument('[transcripts...]', 'files, folders (read recursively) or globs (default: ./transcripts)')
    .option('-c, --codebook <file>', "take interviewer labels from this codebook's `interviewer:` list")
    .option('--interviewer <label>', 'another interviewer label (repeatable)', collect)
    .option('--skip-bad', 'leave unreadable files out (with a warning) instead of stopping with exit 1')
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .addOption(new Option('-t, --table <name>', 'which table for csv/tsv: speakers or missing-colon').choices(['speakers', 'missing-colon']))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--force', 'let --output replace an existing file')
    .addHelpText('after', '\nExamples:\n  adm-code speakers\n  adm-code speakers ../interviews --interviewer Doctor --format csv')
    .action(async (transcripts: string[], opts: OutputFlags & CommonOptions) => {
      await emit(await withProgress(opts, () => speakers(transcripts, opts, warn)), opts);
    });

  const cb = program.command('codebook').description('validate a codebook, or run its examples as tests');
  cb.command('check')
    .description('validate the codebook and print its themes as a tree')
    .option('-c, --codebook <file>', 'codebook YAML (default: the one file in ./codebooks/)')
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--force', 'let --output replace an existing file')
    .addHelpText('after', '\nExample:\n  adm-code codebook check --codebook codebooks/adm-dual-identity.yaml')
    .action(async (opts: OutputFlags & { codebook?: string }) => {
      await emit(await check(opts), opts);
    });
  cb.command('test')
    .description("check every theme's examples: `match` sentences must be coded with it, `no_match` must not")
    .option('-c, --codebook <file>', 'codebook YAML (default: the one file in ./codebooks/)')
    .addOption(formatOption(['table', 'csv', 'tsv', 'json', 'md']))
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--force', 'let --output replace an existing file')
    .addHelpText('after', '\nExample:\n  adm-code codebook test    (exits 1 when any example fails)')
    .action(async (opts: OutputFlags & { codebook?: string }) => {
      const chalk = new Chalk({ level: colorWanted(opts) ? 1 : 0 });
      const result = await test(opts, (ok, s) => (ok ? chalk.green(s) : chalk.red.bold(s)));
      await emit(result.output, opts);
      if (result.failed > 0) exitCode = EXIT_DATA;
    });

  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout(s),
    writeErr: (s) => io.stderr(s),
    outputError: (s, write) => write(`adm-code: ${oneLine(s.replace(/^error: /, ''))}\n`),
  });
  for (const sub of [...program.commands, ...cb.commands]) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`adm-code: ${oneLine(s.replace(/^error: /, ''))}\n`),
    });
  }

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT_OK;
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UnreadableFiles) {
      for (const one of e.errors) io.stderr(`adm-code: ${one.format()}\n`);
    }
    if (e instanceof AdmError) {
      io.stderr(`adm-code: ${e.format()}\n`);
      return e.exitCode;
    }
    // A bug, not a user error: still one line, but say so.
    io.stderr(`adm-code: internal error: ${oneLine((e as Error)?.message ?? String(e))} (please report this)\n`);
    return EXIT_DATA;
  }
}
