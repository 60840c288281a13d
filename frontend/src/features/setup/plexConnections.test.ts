import { describe, expect, it } from 'vitest';
import { describeConnection, preferredConnection, rankConnections } from './plexConnections';

const relay = { uri: 'https://1-2-3-4.abc.plex.direct:8443', protocol: 'https', local: false, relay: true };
const localHttps = { uri: 'https://192-168-1-10.abc.plex.direct:32400', protocol: 'https', local: true, relay: false };
const remoteHttps = { uri: 'https://203-0-113-10.abc.plex.direct:32400', protocol: 'https', local: false, relay: false };
const localHttp = { uri: 'http://192.168.1.10:32400', protocol: 'http', local: true, relay: false };

describe('choosing a Plex address', () => {
  it('prefers a direct https address, local first, and leaves the relay last', () => {
    expect(preferredConnection([relay, localHttp, remoteHttps, localHttps])).toBe(localHttps);
    expect(rankConnections([relay, localHttp, remoteHttps, localHttps])).toEqual([localHttps, remoteHttps, localHttp, relay]);
  });

  it('takes a plain http address over the relay, and the relay when it is all there is', () => {
    expect(preferredConnection([relay, localHttp])).toBe(localHttp);
    expect(preferredConnection([relay])).toBe(relay);
    expect(preferredConnection([])).toBeUndefined();
  });

  it('keeps plex.tv’s order between equally good addresses', () => {
    const other = { ...localHttps, uri: 'https://10-0-0-5.abc.plex.direct:32400' };
    expect(rankConnections([other, localHttps])).toEqual([other, localHttps]);
  });

  it('says how an address reaches the server', () => {
    expect(describeConnection(relay)).toBe('through Plex’s relay (slow, a last resort), encrypted');
    expect(describeConnection(localHttp)).toBe('on your local network, not encrypted');
    expect(describeConnection(remoteHttps)).toBe('over the internet, encrypted');
  });
});
