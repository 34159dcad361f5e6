import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3_MAX_DELETE_KEYS } from '../limits';
import { deleteResultXml, parseDeleteRequest } from './delete';
import { S3Error } from './errors';
import { parseXml, S3_NAMESPACE, xmlDocument } from './xml';

const request = (keys: string[], quiet?: string) =>
  xmlDocument('Delete', { Object: keys.map((Key) => ({ Key })), ...(quiet === undefined ? {} : { Quiet: quiet }) }, S3_NAMESPACE);

describe('the DeleteObjects request', () => {
  it('reads any keys, escaped as XML, and Quiet', () => {
    const key = fc.string({ unit: fc.constantFrom('a', '/', ' ', '&', '<', '>', '"', "'", 'é', '😀'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 30 }), fc.boolean(), (keys, quiet) => {
        expect(parseDeleteRequest(request(keys, String(quiet)))).toEqual({ keys, quiet });
      }),
    );
  });

  it('reads character references to any character XML allows, and "&" inside CDATA and comments', () => {
    const body = '<Delete><!-- a & b --><Object><Key>&#x1F600;&#233;&#9;&lt;&amp;<![CDATA[ & ]]></Key></Object></Delete>';
    expect(parseDeleteRequest(body)).toEqual({ keys: ['😀é\t<& & '], quiet: false });
  });

  it('reads what the AWS SDKs send: namespaced, indented, Quiet optional', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Object>
    <Key>exports/j/part-00000.gz</Key>
  </Object>
  <Object><Key>exports/j/part-00001.gz</Key><VersionId>null</VersionId></Object>
  <Quiet>true</Quiet>
</Delete>`;
    expect(parseDeleteRequest(body)).toEqual({ keys: ['exports/j/part-00000.gz', 'exports/j/part-00001.gz'], quiet: true });
    expect(parseDeleteRequest('<Delete><Object><Key>k</Key></Object></Delete>')).toEqual({ keys: ['k'], quiet: false });
    // Quiet as a boolean is read: any case, blanks around it.
    expect(parseDeleteRequest('<Delete><Object><Key>k</Key></Object><Quiet> TRUE\n</Quiet></Delete>')).toEqual({
      keys: ['k'],
      quiet: true,
    });
  });

  it.each([
    ['not XML', 'not xml at all'],
    ['a DTD', '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>'],
    ['unclosed', '<Delete><Object><Key>k</Key></Object>'],
    ['an entity XML does not define', '<Delete><Object><Key>a&nbsp;b</Key></Object></Delete>'],
    ['a bare ampersand', '<Delete><Object><Key>a & b</Key></Object></Delete>'],
    ['a character reference to no character', '<Delete><Object><Key>a&#0;b</Key></Object></Delete>'],
    ['a reference with a capital X', '<Delete><Object><Key>a&#X41;b</Key></Object></Delete>'],
    ['a reference without its semicolon', '<Delete><Object><Key>a&amp b</Key></Object></Delete>'],
    ['another root', '<Remove><Object><Key>k</Key></Object></Remove>'],
    ['no objects', '<Delete></Delete>'],
    ['an object without a key', '<Delete><Object></Object></Delete>'],
    ['an empty key', '<Delete><Object><Key></Key></Object></Delete>'],
    ['Quiet not a boolean', '<Delete><Object><Key>k</Key></Object><Quiet>maybe</Quiet></Delete>'],
    ['Quiet after text', '<Delete><Object><Key>k</Key></Object><Quiet>xtrue</Quiet></Delete>'],
    ['Quiet before text', '<Delete><Object><Key>k</Key></Object><Quiet>falsey</Quiet></Delete>'],
    ['Quiet alone', '<Delete><Quiet>true</Quiet></Delete>'],
    ['an unknown element', '<Delete><Object><Key>k</Key></Object><Everything>true</Everything></Delete>'],
    [`more than ${S3_MAX_DELETE_KEYS} keys`, request(Array.from({ length: S3_MAX_DELETE_KEYS + 1 }, (_, i) => `k${i}`))],
  ])('refuses %s as MalformedXML', (_, body) => {
    const answer = parseDeleteRequest(body);
    expect(answer).toBeInstanceOf(S3Error);
    expect(answer).toMatchObject({ code: 'MalformedXML', status: 400 });
  });

  it(`takes ${S3_MAX_DELETE_KEYS} keys`, () => {
    expect(parseDeleteRequest(request(Array.from({ length: S3_MAX_DELETE_KEYS }, (_, i) => `k${i}`)))).not.toBeInstanceOf(S3Error);
  });
});

describe('the DeleteResult answer', () => {
  const outcomes = [
    { key: 'a&b', deleted: true as const },
    { key: 'locked', error: new S3Error('AccessDenied') },
    { key: 'c', deleted: true as const },
  ];

  it('lists what was deleted and what was not, in S3’s namespace', () => {
    const xml = deleteResultXml(outcomes, false);
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="${S3_NAMESPACE}"><Deleted><Key>a&amp;b</Key></Deleted><Deleted><Key>c</Key></Deleted>` +
        '<Error><Key>locked</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>',
    );
  });

  it('keeps only the errors when Quiet', () => {
    expect(parseXml(deleteResultXml(outcomes, true))).toEqual({
      DeleteResult: { Error: { Key: 'locked', Code: 'AccessDenied', Message: 'Access Denied' } },
    });
    expect(
      deleteResultXml(
        outcomes.filter((o) => 'deleted' in o),
        true,
      ),
    ).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="${S3_NAMESPACE}"></DeleteResult>`);
  });
});
