package io.github.docusigncollector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.error.CollectorException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingTest.class);

  @AfterEach
  void back() {
    Logging.configure(Map.of(), false);
  }

  String captureStderr(Runnable r) {
    PrintStream real = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(real);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyLineIsRedactedMessageArgumentsAndStackTrace() {
    String secret = "s3cr3t-token-" + System.nanoTime();
    Secrets.register(secret);
    Logging.configure(Map.of("DOCUSIGN_LOG_LEVEL", "trace"), false);
    String out =
        captureStderr(
            () -> {
              LOG.info("token is " + secret);
              LOG.debug("argument {}", secret);
              LOG.trace("trace {}", secret);
              LOG.error("failed", new IllegalStateException("bad " + secret));
            });
    assertThat(out).contains("token is ***").contains("argument ***").contains("trace ***");
    assertThat(out).contains("IllegalStateException: bad ***");
    assertThat(out).doesNotContain(secret);
  }

  @Test
  void levelFromEnvironmentAndVerbose() {
    String info =
        captureStderr(
            () -> {
              Logging.configure(Map.of(), false);
              LOG.debug("hidden debug line");
              LOG.info("shown info line");
            });
    assertThat(info).contains("shown info line").doesNotContain("hidden debug line");
    String verbose =
        captureStderr(
            () -> {
              Logging.configure(Map.of(), true);
              LOG.debug("verbose debug line");
            });
    assertThat(verbose).contains("verbose debug line");
    String error =
        captureStderr(
            () -> {
              Logging.configure(Map.of("DOCUSIGN_LOG_LEVEL", "error"), false);
              LOG.warn("quiet warning");
            });
    assertThat(error).doesNotContain("quiet warning");
  }

  @Test
  void thirdPartyLoggersStayQuietAtDebug() {
    Logging.configure(Map.of(), true);
    String out =
        captureStderr(() -> LoggerFactory.getLogger("org.example.library").debug("chatter"));
    assertThat(out).doesNotContain("chatter");
  }

  @Test
  void levelNames() {
    assertThat(Logging.parse(null)).isEqualTo(Level.INFO);
    assertThat(Logging.parse("WARN")).isEqualTo(Level.WARN);
    assertThat(Logging.parse(" trace ")).isEqualTo(Level.TRACE);
    assertThatThrownBy(() -> Logging.parse("verbose"))
        .isInstanceOf(CollectorException.class)
        .hasMessageContaining("DOCUSIGN_LOG_LEVEL")
        .hasMessageContaining("error, warn, info, debug or trace");
  }
}
