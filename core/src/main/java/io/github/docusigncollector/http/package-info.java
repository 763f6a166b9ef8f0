/**
 * The one way to DocuSign: {@link io.github.docusigncollector.http.DocuSignClient}.
 *
 * <p>Every call, the token request included, passes the same gate: the allowed-host rule (the
 * bearer token never follows a URL from a response to a foreign host), the hourly budget counted in
 * the state directory (so separate processes share it), a sliding 30-second burst window, and a
 * pacer that reads DocuSign's {@code X-RateLimit-*} / {@code X-BurstLimit-*} headers and leaves a
 * reserve for the account's other apps. Throttled answers wait as DocuSign asks, or end the cycle
 * with a {@link io.github.docusigncollector.error.ThrottledException} when the wait exceeds {@code
 * max_wait}; transient failures back off exponentially with full jitter. The decisions live in
 * small clock-driven classes ({@link io.github.docusigncollector.http.BurstWindow}, {@link
 * io.github.docusigncollector.http.HourlyBudget}, {@link
 * io.github.docusigncollector.http.Throttle}, {@link
 * io.github.docusigncollector.http.RateLimitPacer}, {@link
 * io.github.docusigncollector.http.Backoff}) so that their laws are property-tested without
 * waiting. TLS and proxy settings belong to this client alone, never to the JVM.
 */
package io.github.docusigncollector.http;
