package io.github.docusigncollector.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rough throughput check of the hot path (the benchmark module measures it properly). */
class NormalizerThroughputTest {

  static byte[] page(int events, int seed) {
    StringBuilder b = new StringBuilder("{\"endCursor\":\"aa_1_2_3\",\"data\":[");
    for (int i = 0; i < events; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"timestamp\":\"2026-04-30T08:09:")
          .append(String.format("%02d", i % 60))
          .append(".3038365Z\",\"eventId\":\"")
          .append(String.format("%08x-1c59-4a3e-9b1f-%012d", seed, i))
          .append("\",\"site\":\"NA3\",\"accountId\":\"2f1c59a3-4b6e-4c1d-9a0e-7b3f5e2d1c0a\",")
          .append("\"organizationId\":\"6b1e2f3a-9c8d-4e7f-a6b5-c4d3e2f1a0b9\",")
          .append("\"userId\":\"0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a\",")
          .append("\"integratorKey\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",")
          .append("\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36\",")
          .append(
              "\"userAgentClientInfo\":{\"browser\":{\"family\":\"Chrome\",\"version\":\"124\"},")
          .append(
              "\"device\":{\"family\":\"Other\"},\"os\":{\"family\":\"Windows\",\"version\":\"10\"}},")
          .append("\"ipAddress\":\"203.0.113.")
          .append(i % 250)
          .append("\",\"ipAddressLocation\":{\"latitude\":47.6062,\"longitude\":-122.3321,")
          .append("\"country\":\"US\",\"state\":\"WA\",\"city\":\"Seattle\"},")
          .append("\"object\":\"User\",\"action\":\"Login\",\"property\":\"\",\"field\":\"\",")
          .append("\"result\":\"Success\",\"source\":\"Web\",\"isUserMemberOfDomain\":true,")
          .append("\"data\":{\"LoginType\":\"Password\",\"TwoFactor\":\"false\"}}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void normalizesManyMegabytesPerSecond() throws Exception {
    byte[] body = page(2000, 1);
    MonitorPageNormalizer n = new MonitorPageNormalizer();
    Set<String> none = Set.of();
    for (int i = 0; i < Integer.getInteger("bench.warmup", 10); i++) {
      n.normalize(body, none::contains, 0);
    }
    int rounds = Integer.getInteger("bench.rounds", 20);
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      n.normalize(body, none::contains, 0);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double mbPerS = body.length * (double) rounds / secs / 1e6;
    System.out.printf(
        "normalize: %.0f MB/s, %.0f events/s (page %d bytes)%n",
        mbPerS, 2000 * rounds / secs, body.length);
    long t1 = System.nanoTime();
    com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
    long tokens = 0;
    for (int i = 0; i < rounds; i++) {
      try (com.fasterxml.jackson.core.JsonParser p = f.createParser(body)) {
        while (p.nextToken() != null) {
          tokens++;
        }
      }
    }
    double secs2 = (System.nanoTime() - t1) / 1e9;
    System.out.printf(
        "tokenize only: %.0f MB/s (%d)%n", body.length * (double) rounds / secs2 / 1e6, tokens);
    assertThat(mbPerS).isGreaterThan(2);
  }
}
