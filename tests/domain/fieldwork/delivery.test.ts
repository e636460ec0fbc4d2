import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, classifyDeliveryError, nextAttemptAt } from '../../../server/domain/fieldwork/delivery.js';

describe('retry backoff', () => {
  const now = new Date('2026-11-23T09:00:00Z');
  const far = new Date('2027-01-01T00:00:00Z');
  it('waits 5 min, 15 min, 1 h and 4 h, then gives up', () => {
    const delays = [1, 2, 3, 4].map((a) => (nextAttemptAt(a, now, far)!.getTime() - now.getTime()) / 60_000);
    expect(delays).toEqual([5, 15, 60, 240]);
    expect(MAX_ATTEMPTS).toBe(5);
    expect(nextAttemptAt(5, now, far)).toBeNull();
  });
  it('gives up when the next attempt would be after the wave closes', () => {
    expect(nextAttemptAt(1, now, new Date('2026-11-23T09:04:00Z'))).toBeNull();
  });
});

describe('classifying SMTP failures', () => {
  it('4xx is temporary, whatever the command', () => {
    expect(classifyDeliveryError({ message: '451 try later', responseCode: 451, command: 'RCPT TO' }, true).kind).toBe('temporary');
    expect(classifyDeliveryError({ message: '421 closing', responseCode: 421, command: 'DATA' }, true).kind).toBe('temporary');
  });
  it('5xx to RCPT TO or DATA bounces the recipient; 5xx to MAIL FROM or AUTH is our set-up, so temporary', () => {
    expect(classifyDeliveryError({ message: '550 no such user', responseCode: 550, command: 'RCPT TO' }, true).kind).toBe('permanent');
    expect(classifyDeliveryError({ message: '554 rejected', responseCode: 554, command: 'DATA' }, true).kind).toBe('permanent');
    expect(classifyDeliveryError({ message: '553 sender', responseCode: 553, command: 'MAIL FROM' }, true).kind).toBe('temporary');
    expect(classifyDeliveryError({ message: '535 auth', responseCode: 535, command: 'AUTH PLAIN' }, false).kind).toBe('temporary');
  });
  it('a lost connection without a reply is temporary before hand-over and unknown after', () => {
    const lost = { message: 'Connection closed unexpectedly', code: 'ECONNECTION', command: 'CONN' };
    expect(classifyDeliveryError(lost, false).kind).toBe('temporary');
    expect(classifyDeliveryError(lost, true).kind).toBe('unknown');
    expect(classifyDeliveryError({ message: 'Timeout', code: 'ETIMEDOUT', command: 'CONN' }, true).kind).toBe('unknown');
  });
  it('a connection the server reset is temporary even after hand-over: it dropped the transaction before accepting it', () => {
    expect(classifyDeliveryError({ message: 'read ECONNRESET', code: 'ESOCKET', command: 'CONN', connectionReset: true }, true).kind).toBe('temporary');
  });
  it('an address that cannot go in an envelope is permanent', () => {
    expect(classifyDeliveryError({ message: 'No recipients defined', code: 'EENVELOPE', command: 'API' }, false).kind).toBe('permanent');
  });
});
