// S3 speaks XML both ways: every answer and error is a document, and DeleteObjects sends one.
// One builder and one parser (fast-xml-parser) so that escaping and entity handling have a
// single owner; nothing here writes or reads XML by hand.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** What S3 puts on its list and delete answers' root element. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A document's content: element name to text, number, boolean, nested content, or a list (repeated elements). */
export type XmlContent = { [element: string]: XmlValue };
type XmlValue = string | number | boolean | undefined | XmlContent | readonly (string | XmlContent)[];

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: false, processEntities: true });

/** `<?xml …?><root xmlns?>content</root>`; members that are undefined are left out. */
export function xmlDocument(root: string, content: XmlContent, namespace?: string): string {
  const attributes = namespace ? { '@xmlns': namespace } : {};
  return DECLARATION + (builder.build({ [root]: { ...attributes, ...content } }) as string);
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false, // keys such as "007" or "true" stay text
  trimValues: false, // a key may begin or end with spaces
  processEntities: true,
  htmlEntities: false,
});

/** A request body's document as plain values, or null when it is not well-formed XML or
 *  declares a DTD (S3's request documents have none; its entities could expand without bound). */
export function parseXml(text: string): Record<string, unknown> | null {
  if (/<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) return null;
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
