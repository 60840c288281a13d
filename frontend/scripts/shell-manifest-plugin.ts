import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/**
 * Fills the service worker's precache list with the files of the app shell produced by this
 * build (index.html, its entry chunks, styles, manifest and icons), and gives the cache a
 * version derived from them so an updated build replaces the old shell.
 */
export function shellManifestPlugin(): Plugin {
  let config: ResolvedConfig;
  const shellFiles = new Set<string>();
  return {
    name: 'medianest-shell-manifest',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && file.isEntry) {
          shellFiles.add(`/${file.fileName}`);
          for (const imported of file.imports) shellFiles.add(`/${imported}`);
          for (const css of file.viteMetadata?.importedCss ?? []) shellFiles.add(`/${css}`);
        }
      }
    },
    async writeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir);
      const swPath = path.join(outDir, 'sw.js');
      const files = [
        '/',
        '/manifest.webmanifest',
        '/theme-init.js',
        '/icons/icon.svg',
        '/icons/icon-192.png',
        '/icons/icon-512.png',
        '/icons/icon-maskable-512.png',
        ...[...shellFiles].sort(),
      ];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = await readFile(swPath, 'utf8');
      const filled = source
        .replace('__SHELL_VERSION__', version)
        .replace("'__SHELL_FILES__'", JSON.stringify(files));
      await writeFile(swPath, filled);
    },
  };
}
