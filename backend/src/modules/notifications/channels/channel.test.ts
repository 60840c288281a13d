import { describe, expect, it } from 'vitest';
import { absoluteLink, statusOutcome } from './channel';
import { discordBody } from './webhooks';

describe('what a channel target\u2019s answer means for the delivery', () => {
  it('2xx is sent, 4xx other than 408/429 permanent, everything else retried', () => {
    const table: Record<number, ReturnType<typeof statusOutcome>> = {
      200: 'sent',
      201: 'sent',
      204: 'sent',
      299: 'sent',
      301: 'retry',
      304: 'retry',
      400: 'permanent',
      401: 'permanent',
      403: 'permanent',
      404: 'permanent',
      408: 'retry',
      410: 'permanent',
      413: 'permanent',
      429: 'retry',
      499: 'permanent',
      500: 'retry',
      502: 'retry',
      503: 'retry',
      100: 'retry',
    };
    for (const [status, outcome] of Object.entries(table)) expect(statusOutcome(Number(status)), status).toBe(outcome);
  });
});

describe('links and bodies', () => {
  it('makes web-app paths absolute', () => {
    expect(absoluteLink('https://m.example', '/requests/1')).toBe('https://m.example/requests/1');
    expect(absoluteLink('https://m.example', 'requests/1')).toBe('https://m.example/requests/1');
    expect(absoluteLink('https://m.example', undefined)).toBe('https://m.example');
  });

  it('clips Discord\u2019s embed to its limits and mentions nobody', () => {
    const job = { payload: { title: 't'.repeat(300), message: 'm'.repeat(5000), link: '/x', kind: 'announcement' } } as never;
    const body = JSON.parse(discordBody(job, 'https://m.example', 'Srv')) as { username: string; embeds: Array<{ title: string; description: string; url: string }>; allowed_mentions: unknown };
    expect(body.username).toBe('Srv');
    expect(body.embeds[0]!.title).toHaveLength(256);
    expect(body.embeds[0]!.title.endsWith('…')).toBe(true);
    expect(body.embeds[0]!.description).toHaveLength(4096);
    expect(body.embeds[0]!.url).toBe('https://m.example/x');
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
