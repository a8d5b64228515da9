import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemDetailOf } from './problem-detail';

describe('problemDetailOf', () => {
  const cases: Array<[string, string, string]> = [
    [
      'RFC 9457 detail',
      '{"title":"Forbidden","status":403,"detail":"You do not have permission"}',
      'You do not have permission',
    ],
    [
      'huma field errors',
      '{"title":"Unprocessable Entity","detail":"validation failed","errors":[{"location":"body.version","message":"is required"},{"message":"bad"}]}',
      'validation failed: body.version: is required; bad',
    ],
    ['the {error} form', '{"error":"Server not found"}', 'Server not found'],
    ['only a title', '{"title":"Bad Gateway","status":502}', 'Bad Gateway'],
    ['newlines', '{"detail":"line one\\n  line two"}', 'line one line two'],
    [
      'text body',
      '<html>\n<body>Gateway Timeout</body>\n</html>',
      '<html> <body>Gateway Timeout</body> </html>',
    ],
    ['empty body', '', '(empty body)'],
  ];
  for (const [what, body, expected] of cases) {
    it(`reads ${what}`, () => assert.equal(problemDetailOf(body), expected));
  }

  it('keeps long bodies to one short line', () => {
    const detail = problemDetailOf('x'.repeat(1000));
    assert.equal(detail.length, 300);
    assert.ok(detail.endsWith('…'));
  });
});
