/** The Cortex XSIAM HTTP log collector sink ({@code output.type: xsiam}). */
package io.github.docusigncollector.sink.xsiam;
