package io.github.docusigncollector.http;

import java.net.URI;
import java.time.Duration;

/** How the DocuSign client words URLs, durations and quoted messages in what it logs and throws. */
final class Wording {
  private Wording() {}

  /** scheme://host[:port]/path of a URL, never its query (which could carry anything). */
  static String describe(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + path;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 1) {
      return d.toMillis() + " ms";
    }
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + ((s % 3600) / 60) + " min";
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /** {@code base} without trailing slashes, followed by {@code path}. */
  static URI resolve(URI base, String path) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + path);
  }
}
