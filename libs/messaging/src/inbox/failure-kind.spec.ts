import { isInfrastructureFailure } from './failure-kind';

describe('isInfrastructureFailure', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it('recognises a database or network outage', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '08006', '57P01', '53300']) expect(isInfrastructureFailure(withCode(code))).toBe(true);
    expect(isInfrastructureFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it("treats a handler bug or a constraint violation as the message's failure", () => {
    expect(isInfrastructureFailure(new Error('cannot read properties of undefined'))).toBe(false);
    expect(isInfrastructureFailure(withCode('23505'))).toBe(false);
    expect(isInfrastructureFailure(undefined)).toBe(false);
  });
});
