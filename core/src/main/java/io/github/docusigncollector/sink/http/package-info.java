/** The generic HTTP sink ({@code output.type: http}) for pipelines and webhooks. */
package io.github.docusigncollector.sink.http;
