import { describe, expect, it } from 'vitest';
import { FAILURE_CAUSES, unreachableCause } from './connection-test';

describe('connection test: the outbound layer\u2019s reasons as causes an admin can act on', () => {
  it('maps each reason to its cause', () => {
    const table: Array<[string, (typeof FAILURE_CAUSES)[number]]> = [
      ['no complete answer within 5000 ms', 'timeout'],
      ['answer larger than 1048576 bytes', 'too_large'],
      ['ENOTFOUND', 'dns'],
      ['EAI_AGAIN', 'dns'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
      ['EPROTO', 'tls'],
      ['ECONNREFUSED', 'connection_refused'],
      ['ECONNRESET', 'connection_refused'],
      ['EHOSTUNREACH', 'connection_refused'],
      ['socket hang up', 'connection_refused'],
    ];
    for (const [reason, cause] of table) {
      expect(unreachableCause(reason), reason).toBe(cause);
      expect(FAILURE_CAUSES).toContain(cause);
    }
  });
});
