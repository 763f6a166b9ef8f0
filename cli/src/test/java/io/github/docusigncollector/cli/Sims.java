package io.github.docusigncollector.cli;

import io.github.docusigncollector.simulator.DocuSignSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulator per account (each its own organization, integration key and data), and the
 * configuration with {@code accounts:} that names them, for the multi-account tests.
 */
final class Sims implements AutoCloseable {
  final List<String> names;
  final List<DocuSignSimulator> sims = new ArrayList<>();
  final List<Path> keys = new ArrayList<>();

  Sims(Path dir, List<String> names, long events, int users) throws IOException {
    this.names = List.copyOf(names);
    KeyPair pair = keyPair();
    try {
      for (int i = 0; i < names.size(); i++) {
        DocuSignSimulator sim =
            DocuSignSimulator.builder()
                .seed(100 + i)
                .keyPair(pair)
                .events(events)
                .users(users)
                .consent(true)
                .start();
        sims.add(sim);
        Path key = dir.resolve("key-" + names.get(i) + ".pem");
        Files.writeString(key, sim.privateKeyPkcs8Pem());
        keys.add(key);
      }
    } catch (RuntimeException | IOException e) {
      close();
      throw e;
    }
  }

  DocuSignSimulator sim(String name) {
    return sims.get(names.indexOf(name));
  }

  /** The {@code accounts:} list naming every simulator, each entry indented under its name. */
  String accountsYaml() {
    StringBuilder b = new StringBuilder("accounts:\n");
    for (int i = 0; i < names.size(); i++) {
      b.append("  - name: ").append(names.get(i)).append('\n');
      for (String line : sims.get(i).collectorConfigYaml(keys.get(i)).split("\n")) {
        b.append("    ").append(line).append('\n');
      }
    }
    return b.toString();
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    sims.forEach(DocuSignSimulator::close);
  }
}
