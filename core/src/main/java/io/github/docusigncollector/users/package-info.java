/**
 * Audit users: Admin API users changed since a watermark (with a five-minute look-back), enriched
 * with their eSignature records by whichever of per-user reads or the account user list costs fewer
 * calls; the merged record, its {@code _time}, and the content hash that decides whether a user is
 * delivered again.
 */
package io.github.docusigncollector.users;
