import type { PlexPinRepository } from './plex-pin.repository';

/** This install's X-Plex-Client-Identifier: PLEX_CLIENT_ID, else generated once and kept in the settings table. */
export class PlexClientId {
  private value?: Promise<string>;

  constructor(
    private readonly configured: string | undefined,
    private readonly pins: PlexPinRepository,
  ) {}

  get(): Promise<string> {
    if (this.configured) return Promise.resolve(this.configured);
    this.value ??= this.pins.clientId().catch((err: unknown) => {
      // A failed read is retried next time instead of being remembered.
      this.value = undefined;
      throw err;
    });
    return this.value;
  }
}
