import type { FieldProblem } from '../errors.ts';
import { answerLimits } from '../information-requests/answer-information-request.ts';

/**
 * What the answer form of the client pages accepts, stated on the page and checked on receipt:
 * the kinds of documents a firm asks for (PDF, photos and scans, office documents, accounting
 * exports, archives), at most `answerLimits.maxFiles` files of `answerLimits.maxFileBytes` each,
 * `maxTotalBytes` in all (the request body limit of the pages).
 */
export const answerFileRules = {
  extensions: ['.pdf', '.jpg', '.jpeg', '.png', '.heic', '.heif', '.gif', '.webp', '.tif', '.tiff', '.doc', '.docx', '.odt', '.rtf', '.xls', '.xlsx', '.ods', '.csv', '.txt', '.xml', '.zip'],
  maxFiles: answerLimits.maxFiles,
  maxFileBytes: answerLimits.maxFileBytes,
  maxTotalBytes: 100 * 1024 * 1024,
  /** How the page states the accepted types. */
  label: 'PDF, images (JPEG, PNG, HEIC…), Word, Excel, OpenDocument, CSV, texte, XML ou ZIP',
} as const;

/** The problems of a set of chosen files against the rules (by extension: browsers' media types vary). */
export function answerFileProblems(files: ReadonlyArray<{ name: string; size: number }>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (files.length > answerFileRules.maxFiles) problems.push({ field: 'files', location: 'body', message: `Vous pouvez joindre au plus ${answerFileRules.maxFiles} fichiers.` });
  files.forEach((file, index) => {
    const extension = file.name.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? '';
    if (!(answerFileRules.extensions as readonly string[]).includes(extension)) {
      problems.push({ field: `files.${index}`, location: 'body', message: `Le fichier « ${file.name} » n’est pas d’un type accepté (${answerFileRules.label}).` });
    }
    if (file.size > answerFileRules.maxFileBytes) {
      problems.push({ field: `files.${index}`, location: 'body', message: `Le fichier « ${file.name} » dépasse ${answerFileRules.maxFileBytes / 1024 / 1024} Mo.` });
    }
  });
  return problems;
}
