/**
 * The part of html-to-text (the converter `@react-email/render` uses for text bodies) that
 * `render-email.ts` calls; the package ships no types and `@types/html-to-text` is not installed.
 */
declare module 'html-to-text' {
  export interface SelectorDefinition {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  }
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    selectors?: SelectorDefinition[];
  }
  /** Compiles the options once into a converter from HTML to text. */
  export function compile(options?: HtmlToTextOptions): (html: string) => string;
}
