package io.github.docusigncollector.simulator;

/** The kinds of request the simulator serves, for the request log and fault injection. */
public enum Endpoint {
  TOKEN,
  AUTH,
  USERINFO,
  MONITOR,
  ADMIN_USERS,
  ESIGN_USER,
  ESIGN_USERS,
  OTHER
}
