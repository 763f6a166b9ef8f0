package io.github.docusigncollector.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.docusigncollector.sink.SinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kafka sink's SASL/PLAIN keys against a real KRaft broker whose listener requires SASL/PLAIN
 * and which has an authorizer: a user allowed to write delivers, an authenticated user without the
 * rights and a wrong password are permanent failures naming what to fix, without the password.
 */
class KafkaSaslIT {
  static KafkaClusterTestKit cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .build())
            // the kit's SASL cluster has an authorizer; its controller listener is PLAINTEXT
            .setConfigProp("super.users", "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN)
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    try (Admin admin = Admin.create(clientProps())) {
      admin.createTopics(List.of(new NewTopic("sasl-ce", 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Properties clientProps() {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", "PLAIN");
    p.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN
            + "\" password=\""
            + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
            + "\";");
    return p;
  }

  private static KafkaSettings settings(String user, String password) {
    return new KafkaSettings(
        cluster.bootstrapServers(),
        "sasl-ce",
        "sasl-ce",
        "SASL_PLAINTEXT",
        "PLAIN",
        user,
        password,
        null,
        "lz4",
        Map.of(
            "max.block.ms", "5000", "request.timeout.ms", "3000", "delivery.timeout.ms", "6000"));
  }

  @Test
  void theRightUserAndPasswordDeliver() throws Exception {
    List<String> events = KafkaSenderIT.backlog(0, 40);
    try (KafkaSender s =
        new KafkaSender(
            settings(JaasUtils.KAFKA_PLAIN_ADMIN, JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD))) {
      assertThat(s.send(KafkaSenderIT.batch(events))).isEmpty();
    }
    Properties p = clientProps();
    List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition("sasl-ce", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.size() < events.size() && System.nanoTime() < end) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    assertThat(got).hasSize(events.size());
  }

  @Test
  void anAuthenticatedUserWithoutWriteRightsIsPermanentAndNamesTheFix() {
    try (KafkaSender s =
        new KafkaSender(
            settings(JaasUtils.KAFKA_PLAIN_USER1, JaasUtils.KAFKA_PLAIN_USER1_PASSWORD))) {
      assertThatThrownBy(() -> s.send(KafkaSenderIT.batch(KafkaSenderIT.backlog(0, 5))))
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("not authorized")
          .hasMessageNotContaining(JaasUtils.KAFKA_PLAIN_USER1_PASSWORD);
    }
  }

  @Test
  void aWrongPasswordIsPermanentAndNamesTheKeysWithoutThePassword() {
    String wrong = "not-the-password-" + System.nanoTime();
    try (KafkaSender s = new KafkaSender(settings(JaasUtils.KAFKA_PLAIN_USER1, wrong))) {
      assertThatThrownBy(() -> s.send(KafkaSenderIT.batch(KafkaSenderIT.backlog(0, 5))))
          .isInstanceOf(SinkException.class)
          .hasMessageContaining("output.sasl_username")
          .hasMessageContaining("output.password")
          .hasMessageNotContaining(wrong);
    }
  }
}
