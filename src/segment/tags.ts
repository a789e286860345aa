/**
 * Inline manual codes in a turn: `{#theme-id}` codes the turn by hand, `{-theme-id}` removes an
 * automatic code from it. Tags are taken out of the text before it is coded or printed.
 */
export interface Tags {
  /** The turn's text without its tags (and without the spaces a tag leaves at a line end). */
  text: string;
  add: string[];
  remove: string[];
  /** Where each tag was, for messages: offset in the original text. */
  at: Array<{ id: string; offset: number }>;
}

const TAG = /\{([#-])\s*([^{}\s]+)\s*\}/g;

export function extractTags(text: string): Tags | null {
  if (!text.includes('{')) return null;
  const add: string[] = [];
  const remove: string[] = [];
  const at: Tags['at'] = [];
  const stripped = text.replace(TAG, (_m, sign: string, id: string, offset: number) => {
    (sign === '#' ? add : remove).push(id);
    at.push({ id, offset });
    return '';
  });
  if (at.length === 0) return null;
  return { text: stripped.replace(/[ \t]+$/gm, '').replace(/\s+$/, ''), add, remove, at };
}
