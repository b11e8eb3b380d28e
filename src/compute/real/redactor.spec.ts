import { Redactor } from './redactor';

describe('Redactor', () => {
  it('removes URLs, long tokens and remembered secrets; keeps ids and bounds the length', () => {
    const redactor = new Redactor();
    redactor.remember('s3cr3t-value');
    const text =
      'Instance 29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7 at https://nova.internal:8774/v2.1/x failed ' +
      `with token ${'A'.repeat(80)} and s3cr3t-value`;
    expect(redactor.clean(text)).toBe(
      'Instance 29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7 at [url] failed with token [redacted] and [redacted]',
    );
    expect(redactor.clean('x'.repeat(10) + ' '.repeat(3) + 'y '.repeat(400)).length).toBe(300);
    redactor.forget('s3cr3t-value');
    expect(redactor.clean('s3cr3t-value')).toBe('s3cr3t-value');
  });
});
