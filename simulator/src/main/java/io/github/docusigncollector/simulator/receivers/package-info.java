/**
 * Local stand-ins for SIEM ingestion endpoints, on loopback, with fault injection and a record of
 * what arrived: the {@link io.github.docusigncollector.simulator.receivers.Receiver} base and one
 * receiver per protocol.
 */
package io.github.docusigncollector.simulator.receivers;
