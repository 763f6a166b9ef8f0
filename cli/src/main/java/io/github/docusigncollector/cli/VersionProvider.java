package io.github.docusigncollector.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into {@code version.properties}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/docusign-collector/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {"docusign-collector " + p.getProperty("version", "unknown")};
  }
}
