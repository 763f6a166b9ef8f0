/**
 * Operations (SPEC §10): the telemetry that {@code run} feeds through the core's observer hooks,
 * and the listener that serves it as Prometheus metrics, health, readiness and a status page. The
 * listener only reads the telemetry and the state directory; it never calls into the pipeline.
 */
package io.github.docusigncollector.cli.ops;
