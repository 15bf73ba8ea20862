import { describe, expect, it } from 'vitest';
import { checkPii, findPii, type PiiKind } from './pii.ts';

/** The kind and exact text of every finding, so a test shows what was matched. */
const found = (text: string): [PiiKind, string][] => findPii(text).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('findPii: true positives', () => {
  it('finds email addresses and masks them to initials and top-level domain', () => {
    const text = 'Write to jane.doe+orders@example.co.uk today.';
    expect(found(text)).toEqual([['email', 'jane.doe+orders@example.co.uk']]);
    expect(findPii('j@example.com')[0]?.masked).toBe('j***@e***.com');
  });

  it('finds international and national phone numbers', () => {
    for (const number of [
      '+44 20 7946 0958',
      '+44 (0)20 7946 0958',
      '+447700900123',
      '+1-415-555-0132',
      '+49 30 1234567',
      '(415) 555-0132',
      '415.555.0132',
      '1-800-555-0199',
      '020 7946 0958',
      '07700 900123',
      '01 23 45 67 89',
    ]) {
      expect(found(`Call me on ${number}, thanks.`), number).toEqual([['phone', number]]);
    }
    expect(findPii('+44 20 7946 0958')[0]?.masked).toBe('+** ** **** **58');
  });

  it('finds Luhn-valid card numbers of the major networks, with or without separators', () => {
    for (const card of ['4242 4242 4242 4242', '5555-5555-5555-4444', '2223003122003222', '3782 822463 10005', '6011111111111117']) {
      expect(found(`Paid with ${card}.`), card).toEqual([['payment_card', card]]);
    }
    expect(findPii('card 4242-4242-4242-4242')[0]?.masked).toBe('**** **** **** 4242');
  });

  it('finds a card right after a number that is not part of it', () => {
    expect(found('Bought 3 4242 4242 4242 4242 yesterday')).toEqual([['payment_card', '4242 4242 4242 4242']]);
  });

  it('finds mod-97-valid IBANs, spaced or not, and stops at the country length', () => {
    expect(found('Pay GB82 WEST 1234 5698 7654 32 now')).toEqual([['iban', 'GB82 WEST 1234 5698 7654 32']]);
    expect(found('IBAN DE89370400440532013000.')).toEqual([['iban', 'DE89370400440532013000']]);
    expect(found('to FR14 2004 1010 0505 0001 3M02 606')).toEqual([['iban', 'FR14 2004 1010 0505 0001 3M02 606']]);
    expect(found('BE68 5390 0754 7034 THEN')).toEqual([['iban', 'BE68 5390 0754 7034']]);
    expect(findPii('GB82WEST12345698765432')[0]?.masked).toBe('GB…5432');
  });

  it('finds valid US SSNs and UK National Insurance numbers', () => {
    expect(found('SSN 536-22-4471.')).toEqual([['national_id', '536-22-4471']]);
    expect(findPii('536-22-4471')[0]?.masked).toBe('***-**-4471');
    expect(found('NI number AB 12 34 56 C and AB123456D')).toEqual([
      ['national_id', 'AB 12 34 56 C'],
      ['national_id', 'AB123456D'],
    ]);
  });

  it('finds credentials by their published prefix and keeps only the prefix', () => {
    const keys = {
      'sk-proj-': 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
      'sk-ant-': 'sk-ant-api03-AbCd1234EfGh5678IjKlMnOp',
      'sk-': 'sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n',
      'ghp_': 'ghp_1234567890abcdefghijABCDEFGHIJ123456',
      'gho_': 'gho_1234567890abcdefghijABCDEFGHIJ123456',
      'github_pat_': 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'xoxb-': 'xoxb-123456789012-abcdefABCDEF',
      'AKIA': 'AKIAIOSFODNN7EXAMPLE',
      'ASIA': 'ASIAY34FZKBOKMUTVV7A',
      'AIza': 'AIzaSyA1234567890abcdefghijklmnopqrstuv',
      'sk_live_': 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'rk_live_': 'rk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'eyJ': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    };
    for (const [prefix, key] of Object.entries(keys)) {
      const text = `use key ${key} here`;
      expect(found(text), key).toEqual([['api_key', key]]);
      expect(findPii(text)[0]?.masked).toBe(`${prefix}…(redacted)`);
    }
  });

  it('finds PEM private keys, whole or cut off', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----';
    expect(found(`Here: ${pem} done`)).toEqual([['secret', pem]]);
    expect(found('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).toHaveLength(1);
  });

  it('finds random high-entropy tokens with no known prefix', () => {
    expect(found('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual([
      ['secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ]);
    expect(findPii('token Zx8Qw2Lr5Tn9Vb3Kp7Hs1Md6')[0]?.masked).toBe('…(redacted, 24 chars)');
  });
});

describe('findPii: false positives', () => {
  const clean = {
    dates: 'Shipped 2024-05-01, due 01.05.2024, on 05/01/2024 10:30 or 01.05.2024 10:30:00; 01.05.2024 10 parcels.',
    times: 'Open 09:00-17:30, call back at 12:45:10.',
    orders: 'Order ORD-2024-118822, invoice INV-000123, invoice #20240518-0042, ticket 0012-3456-78.',
    nonLuhnCard: 'Reference 4242424242424241 and 1234 5678 9012 3456.',
    nonCardLuhn: 'Account 1234567812345670 passes Luhn but no card starts with 1.',
    uuid: 'Request 123e4567-e89b-12d3-a456-426614174000 failed.',
    traceIds: 'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7 TRACE 4BF92F3577B34DA6A3CE929D0E0E4736',
    gitShas: 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 digest e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    versions: 'Upgraded to v2.14.3 from 1.2.3 and Node 24.9.0.',
    ips: 'Hosts 192.168.1.10, 10.0.0.1 and 172.16.254.1:8080.',
    tracking: 'UPS 1Z999AA10123456784, USPS 9400 1000 0000 0000 0000 00.',
    urls: 'See https://docs.google.com/document/d/1aBcD3fGhIjKlMnOpQrStUvWxYz0123456789/edit and https://example.com/orders/ORD-2024-118822?page=2.',
    identifiers: 'Call getUserProfileById2024Version3 in src/components/OrderSummary2/Index with Meta-Llama-3.1-70B-Instruct.',
    invalidIds: 'Not SSNs: 000-12-3456, 666-12-3456, 912-12-3456, 536-00-4471, 536-22-0000; not NI: QQ123456C, GB123456A.',
    invalidIban: 'GB82 WEST 1234 5698 7654 33 fails mod-97.',
    numbers: 'Epoch 1714560000000, total 1,234,567, +5 points, 4155550132 plain digits.',
    imageName: 'Use logo@2x.png for retina.',
    shortPrefix: 'The sk-learn-classification-examples repo.',
  };
  for (const [name, text] of Object.entries(clean)) {
    it(`does not flag ${name}`, () => expect(found(text)).toEqual([]));
  }
});

describe('checkPii', () => {
  const text = 'Contact jane@example.com or pay with 4242 4242 4242 4242.';

  it('passes clean output with label none and score 0', () => {
    expect(checkPii('s1', 'Your order ORD-2024-118822 ships on 2024-05-01.')).toMatchObject({
      check: 'pii',
      spanId: 's1',
      label: 'none',
      passed: true,
      score: 0,
    });
  });

  it('fails with the most severe kind as label, one score point per finding, positions in the explanation', () => {
    const result = checkPii('s1', text);
    expect(result).toMatchObject({ check: 'pii', label: 'payment_card', passed: false, score: 2 });
    expect(result.explanation).toBe(
      'Output contains 2 possible personal data items: email at 8–24 (j***@e***.com), payment card at 37–56 (**** **** **** 4242).',
    );
    expect(result.details).toEqual({
      findings: [
        { kind: 'email', start: 8, end: 24, masked: 'j***@e***.com' },
        { kind: 'payment_card', start: 37, end: 56, masked: '**** **** **** 4242' },
      ],
    });
  });

  it('ranks credentials above personal data', () => {
    expect(checkPii('', `${text} Key: AKIAIOSFODNN7EXAMPLE`).label).toBe('api_key');
  });

  it('reports only the requested kinds, without reading a card as a phone number', () => {
    const result = checkPii('', text, { kinds: ['phone', 'email'] });
    expect(result.details?.['findings']).toEqual([{ kind: 'email', start: 8, end: 24, masked: 'j***@e***.com' }]);
    expect(checkPii('', text, { kinds: ['phone'] }).passed).toBe(true);
  });

  it('never repeats a raw value in the explanation or details', () => {
    const secrets = [
      'jane.doe@example.com',
      '+44 20 7946 0958',
      '4242 4242 4242 4242',
      'GB82 WEST 1234 5698 7654 32',
      '536-22-4471',
      'AB 12 34 56 C',
      'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ];
    const result = checkPii('', secrets.join(' ; '));
    expect(result.score).toBe(secrets.length);
    const report = result.explanation + JSON.stringify(result.details);
    for (const secret of secrets) {
      expect(report).not.toContain(secret);
      expect(report).not.toContain(secret.replace(/[\s-]/g, ''));
    }
    expect(result.explanation).toMatch(/^Output contains 9 possible sensitive items: .*, and 4 more\.$/);
  });
});
