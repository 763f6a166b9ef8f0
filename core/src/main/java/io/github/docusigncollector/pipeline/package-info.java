/**
 * The collection cycle: read → normalize → dedupe → deliver → checkpoint, page by page until caught
 * up, for every configured event type. The only writer of checkpoints, and only after the sink
 * acknowledged; also the read-only look of {@code get-events} and the health view of the
 * checkpoints.
 */
package io.github.docusigncollector.pipeline;
