/**
 * The state directory: {@code checkpoints.json} (one writer per directory, under {@code
 * writer.lock} for the writer's whole life) and {@code shared.json} (token cache, userinfo cache,
 * the hour's API call count; every command updates it under the short {@code shared.lock}).
 *
 * <p>Both files are replaced atomically (temporary file created 0600, fsync, rename, fsync of the
 * directory), so readers such as {@code state show} need no lock. Both carry {@code "version": 1};
 * an unreadable file stops the command with exit 1 and the way to reset it, and is never silently
 * replaced.
 */
package io.github.docusigncollector.state;
