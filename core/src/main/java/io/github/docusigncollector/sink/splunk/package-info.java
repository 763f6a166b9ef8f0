/** The Splunk HTTP Event Collector sink ({@code output.type: splunk_hec}). */
package io.github.docusigncollector.sink.splunk;
