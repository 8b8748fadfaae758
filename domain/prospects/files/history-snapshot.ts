import type { FileView } from './file-view.ts';

/** What the history keeps of a file: its fields and missions (reason labels are derived). */
export function fileSnapshot(file: FileView): Record<string, unknown> {
  const { reasons: _labels, probability: _probability, ...snapshot } = file;
  return snapshot;
}
