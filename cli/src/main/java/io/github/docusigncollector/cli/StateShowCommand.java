package io.github.docusigncollector.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.pipeline.StreamHealth;
import io.github.docusigncollector.sink.DeadLetters;
import io.github.docusigncollector.state.SharedState;
import io.github.docusigncollector.state.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code state show}: the state directory's content as JSON, secrets shown as "***". */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the state as JSON: the cached token (shown as \"***\"), its expiry and scopes, the"
          + " cached userinfo, api_calls_this_hour, and the checkpoints of each stream"
          + " (last_success, last_error, event_age_s, caught_up_at, ...), and dead_letters (events a"
          + " receiver refused, in dead-letter.jsonl).",
      "Takes no lock, so it works beside a running 'run'; prints an empty state when there is"
          + " none yet."
    })
final class StateShowCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Mixin AccountOption account;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (CommandContext all = CommandContext.open(spec)) {
      ObjectNode out;
      if (!all.named()) {
        out = show(all);
      } else {
        // SPEC §9: each account's state (streams, health, budget) under its name.
        out = Json.MAPPER.createObjectNode();
        out.put("state_dir", all.accounts().stateDir().toString());
        ObjectNode accounts = out.putObject("accounts");
        for (CommandContext ctx : all.each()) {
          accounts.set(ctx.account().name(), show(ctx));
        }
      }
      try {
        all.out().println(Secrets.redact(Json.MAPPER.writeValueAsString(out)));
      } catch (JsonProcessingException e) {
        throw CollectorException.operational("cannot print the state: " + e.getOriginalMessage());
      }
    }
    return 0;
  }

  /** One account's state. */
  private static ObjectNode show(CommandContext ctx) {
    {
      StateStore state = ctx.state();
      SharedState shared = state.readShared();
      if (shared.token() != null) {
        // Belt and braces: should the token turn up anywhere else, it is masked too.
        Secrets.register(shared.token().accessToken());
      }
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("state_dir", state.dir().toString());
      out.put("api_calls_this_hour", shared.callsInHour(ctx.clock().instant()));
      out.put("api_budget_per_hour", ctx.config().apiBudgetPerHour());
      out.put("output", ctx.config().output().type());
      out.put("dead_letters", DeadLetters.count(state.dir()));
      out.set("shared", shared.toRedactedJson());
      out.set(
          "checkpoints", StreamHealth.forDisplay(state.readCheckpoints(), ctx.clock().instant()));
      return out;
    }
  }

  /** Created on first use: picocli instantiates every command at start, and a mapper is costly. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
