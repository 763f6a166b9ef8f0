package io.github.docusigncollector.http;

import java.net.URI;
import java.util.Locale;

/** Which DocuSign API a URL belongs to: the metrics' endpoint label and the wording of a 403. */
enum Api {
  TOKEN,
  USERINFO,
  MONITOR,
  ADMIN,
  ESIGN,
  OTHER;

  /** The {@code endpoint} label of metrics. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Api of(URI uri) {
    String p = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
    if (p.endsWith("/oauth/token")) {
      return TOKEN;
    }
    if (p.endsWith("/oauth/userinfo")) {
      return USERINFO;
    }
    if (p.contains("/datasets/monitor/stream") || p.matches("/v1/organizations/[^/]+/stream")) {
      return MONITOR;
    }
    if (p.startsWith("/management/")) {
      return ADMIN;
    }
    if (p.startsWith("/restapi/")) {
      return ESIGN;
    }
    return OTHER;
  }
}
