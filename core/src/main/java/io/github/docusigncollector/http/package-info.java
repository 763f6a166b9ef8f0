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
 * waiting. TLS and proxy settings belong to the collector's own HTTP clients, never to the JVM.
 *
 * <p>What belongs to one DocuSign account and what accounts share are apart: each account's client
 * keeps its token ({@link io.github.docusigncollector.http.AccessTokens}), userinfo ({@link
 * io.github.docusigncollector.http.UserInfoCache}), budget lease and burst window ({@link
 * io.github.docusigncollector.http.CallPermits}), while the JDK HTTP client with its TLS and proxy
 * settings ({@link io.github.docusigncollector.http.Transport}) and the retry policy come from a
 * {@link io.github.docusigncollector.http.SharedHttp} that clients of equal settings share.
 */
package io.github.docusigncollector.http;
