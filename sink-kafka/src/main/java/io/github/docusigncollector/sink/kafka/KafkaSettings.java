package io.github.docusigncollector.sink.kafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * The checked settings of the {@code kafka} sink.
 *
 * @param customerEventsTopic where customer events go ({@code topic}, or {@code
 *     topics.customer_events})
 * @param auditUsersTopic where audit users go ({@code topic}, or {@code topics.audit_users})
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code
 *     SASL_SSL}; null for the producer's default
 * @param saslMechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}; null for none
 * @param compression the producer's {@code compression.type}
 * @param properties any further producer properties, applied last
 */
public record KafkaSettings(
    String bootstrapServers,
    String customerEventsTopic,
    String auditUsersTopic,
    String securityProtocol,
    String saslMechanism,
    String saslUsername,
    String password,
    Path sslCaFile,
    String compression,
    Map<String, String> properties) {

  public KafkaSettings {
    properties = Map.copyOf(properties);
  }

  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", topics="
        + customerEventsTopic
        + "/"
        + auditUsersTopic
        + ", securityProtocol="
        + securityProtocol
        + ", saslMechanism="
        + saslMechanism
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
