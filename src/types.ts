/**
 * The contracts between the pipeline's stages:
 * read (files → Document) → segment (Document → Segment[]) → code (Segment × Matcher → Coding[])
 * → analyse (codings + attributes → Table) → render (Table → text).
 */

/** A transcript as read from disk: decoded text split into lines, with its front matter. */
export interface Document {
  /** Path as the user should see it (relative to the working directory where possible). */
  path: string;
  /** Document id: front matter `id`, else the file name without extension. */
  id: string;
  /** Front matter (empty object when there is none). */
  meta: FrontMatter;
  /** Body lines (after the front matter), without line terminators. */
  lines: string[];
  /** 1-based line number in the file of `lines[0]`. */
  firstLine: number;
  /**
   * For formats whose lines are made by their reader (.docx paragraphs, .vtt/.srt cues): the
   * number each line is reported with (paragraph or line of the cue in the file), instead of
   * `firstLine + index`.
   */
  lineNumbers?: number[];
  /** Speaker labels the reader found (e.g. WebVTT voice tags): they start turns whatever their shape. */
  labels?: string[];
}

export interface FrontMatter {
  id?: string;
  group?: string;
  /** Labels of non-participant speakers; when given, replaces the default list. */
  interviewer?: string[];
  /** Speaker label → participant id. */
  speakers?: Record<string, string>;
  /** Any other keys, kept as they are. */
  [key: string]: unknown;
}

/** One speaker turn (the coding unit). */
export interface Segment {
  /** Stable id: `DOCUMENT#N`, N counting every turn of the document from 1. */
  id: string;
  document: string;
  /** File the segment comes from (for messages). */
  path: string;
  /** N in the id. */
  index: number;
  /** 1-based line of the turn's first line in the file. */
  line: number;
  /** Timestamp written before the label, if any (`00:12:31`). */
  start: string | null;
  /** Speaker label as written (whitespace normalised). */
  speaker: string;
  /** Participant id (label, or its `speakers:` rename). */
  participant: string;
  /** True for interviewer (non-participant) turns. */
  interviewer: boolean;
  /** Group the transcript gives its participants (front matter), or null. */
  documentGroup: string | null;
  /** The turn's text: the rest of the label line and its continuation lines, joined by LF. */
  text: string;
}

/** A segment coded with one theme. */
export interface Coding {
  theme: string;
  /** Distinct mentions: matched spans after merging overlaps. */
  hits: number;
  /** Merged spans [start, end) in UTF-16 offsets of the segment text, ascending. */
  spans: Array<[number, number]>;
  /** The spans of the theme's own patterns (null when only its sub-themes coded it). */
  own?: Array<[number, number]> | null;
  /** Who coded it: the rules, a person (inline tag or codings file), or both. Default auto. */
  source?: 'auto' | 'manual' | 'both';
}

export type Cell = string | number | null;

/**
 * How a column's values are written: `text` as is; `int` integers; `pct1` one decimal always;
 * `dec2` whole numbers as integers, others with two decimals; `dec3` always three decimals
 * (agreement coefficients).
 */
export type ColumnFormat = 'text' | 'int' | 'pct1' | 'dec2' | 'dec3';

export interface Column {
  key: string;
  format: ColumnFormat;
}

/** What every command returns and every renderer takes. */
export interface Table {
  /** Short name (`themes`, `attributes`, `codings`), used by `--table` and as JSON key. */
  name: string;
  /** Heading for human-readable formats. */
  title?: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

/** A command's result: the data tables, and optionally a friendlier layout for people. */
export interface Output {
  tables: Table[];
  /** Tables for `--format table|md` (pivoted, cells pre-formatted); defaults to `tables`. */
  display?: Table[];
  /** Free text printed before the tables in human formats (e.g. a tree). */
  preface?: string;
  /** Absolute paths of the files read, so that `--output` can refuse to overwrite one. */
  inputs?: string[];
}
