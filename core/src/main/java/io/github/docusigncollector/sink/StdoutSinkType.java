package io.github.docusigncollector.sink;

/** {@code output.type: stdout} (SPEC §5). */
public final class StdoutSinkType implements SinkType {
  @Override
  public String type() {
    return "stdout";
  }

  @Override
  public SinkKeys keys() {
    return SinkKeys.of();
  }

  @Override
  public Sink open(SinkSettings s, SinkContext context) {
    return new StdoutSink(context.stdout());
  }

  @Override
  public boolean writesStdout() {
    return true;
  }
}
