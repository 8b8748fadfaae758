import { Link, Text } from '@react-email/components';
import { Fragment } from 'react';
import { parseTextBlocks, type TextSpan } from '../../domain/templates/text-blocks.ts';
import { styles } from './layout.tsx';

function Spans({ spans }: { spans: readonly TextSpan[] }) {
  return (
    <>
      {spans.map((span, index) =>
        span.kind === 'text' ? (
          <Fragment key={index}>{span.text}</Fragment>
        ) : (
          <Link key={index} href={span.url} style={styles.link}>
            {span.url}
          </Link>
        ),
      )}
    </>
  );
}

/**
 * A firm-edited text (rendered by Liquid) laid out as email paragraphs: blank lines separate
 * paragraphs, `- ` lines make a list, addresses become links (`text-blocks.ts`). React escapes
 * every character, so the text cannot add markup to the email.
 */
export function FirmText({ text }: { text: string }) {
  return (
    <>
      {parseTextBlocks(text).map((block, index) =>
        block.kind === 'paragraph' ? (
          <Text key={index} style={styles.text}>
            {block.lines.map((line, lineIndex) => (
              <Fragment key={lineIndex}>
                {lineIndex > 0 && <br />}
                <Spans spans={line} />
              </Fragment>
            ))}
          </Text>
        ) : (
          <ul key={index} style={{ ...styles.text, paddingLeft: '20px' }}>
            {block.items.map((item, itemIndex) => (
              <li key={itemIndex}>
                <Spans spans={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}
