package io.github.docusigncollector.cli;

import io.github.docusigncollector.cli.ops.Telemetry;
import io.github.docusigncollector.http.ClientOptions;
import io.github.docusigncollector.http.DocuSignClient;
import io.github.docusigncollector.pipeline.Collector;
import io.github.docusigncollector.pipeline.Progress;
import io.github.docusigncollector.sink.ObservedSink;
import io.github.docusigncollector.sink.Sink;
import io.github.docusigncollector.sink.SinkContext;
import io.github.docusigncollector.sink.Sinks;
import java.io.PrintStream;
import java.util.Random;

/** The client, sink and collector a collecting command ({@code fetch}, {@code run}) works with. */
final class Collection implements AutoCloseable {
  final DocuSignClient client;
  final Sink sink;
  final Collector collector;
  final Progress progress;
  private final Progress terminal;

  Collection(CommandContext ctx) {
    this(ctx, null);
  }

  /** With {@code telemetry} (may be null) hearing the client, the sink and the progress. */
  Collection(CommandContext ctx, Telemetry telemetry) {
    this.client =
        new DocuSignClient(
            ctx.config(),
            ctx.state(),
            ctx.clock(),
            ctx.sleeper(),
            ClientOptions.defaults().withEnv(ctx.env()));
    Sink opened =
        Sinks.open(
            ctx.config(),
            new SinkContext(
                ctx.config().stateDir(),
                ctx.env(),
                ctx.out(),
                ctx.clock(),
                ctx.sleeper(),
                new Random(),
                ctx.config().connectTimeout(),
                ctx.config().requestTimeout()));
    Progress shown = TerminalProgress.forConsole(ctx.err());
    this.terminal = shown;
    if (shown instanceof TerminalProgress t) {
      client.onWait(t::waiting);
    }
    if (telemetry != null) {
      client.observe(telemetry);
      opened = new ObservedSink(opened, ctx.config().output().type(), telemetry);
      shown =
          (type, delivered, reached) -> {
            telemetry.delivered(type, delivered, reached);
            terminal.delivered(type, delivered, reached);
          };
    }
    this.sink = opened;
    this.progress = shown;
    this.collector = new Collector(ctx.config(), client, ctx.state(), sink, ctx.clock(), progress);
  }

  /** Where summaries go: stderr when the events go to stdout. */
  static PrintStream summaryStream(CommandContext ctx) {
    return Sinks.writesStdout(ctx.config().output()) ? ctx.err() : ctx.out();
  }

  void endProgress() {
    if (terminal instanceof TerminalProgress t) {
      t.finish();
    }
  }

  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      client.close();
    }
  }
}
