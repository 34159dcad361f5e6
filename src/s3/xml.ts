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
  htmlEntities: true, // numeric character references decoded; named ones other than XML's five are refused before parsing (referencesDefined)
});

/** A request body's document as plain values, or null when it is not well-formed XML or
 *  declares a DTD (S3's request documents have none; its entities could expand without bound).
 *  Without a DTD, XML defines five entities, and a character reference must name a character
 *  XML allows: the parser would keep any other reference as text, where S3 answers MalformedXML. */
export function parseXml(text: string): Record<string, unknown> | null {
  if (/<!DOCTYPE/i.test(text) || !referencesDefined(text) || XMLValidator.validate(text) !== true) return null;
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

/** Whether every "&" of `text` (outside comments and CDATA, where it is only text) begins one of
 *  XML's five entities or a reference to a character XML allows. */
function referencesDefined(text: string): boolean {
  const markup = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const [, name = '', end] of markup.matchAll(/&([^;&<\s]*)(;?)/g)) {
    const hex = /^#x([0-9a-fA-F]+)$/.exec(name)?.[1];
    const decimal = /^#([0-9]+)$/.exec(name)?.[1];
    const code = hex !== undefined ? Number.parseInt(hex, 16) : decimal !== undefined ? Number(decimal) : null;
    if (!end || (code === null ? !PREDEFINED.has(name) : !xmlCharacter(code))) return false;
  }
  return true;
}

/** XML 1.0's Char production. */
const xmlCharacter = (c: number): boolean =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
