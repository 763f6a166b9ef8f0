package io.github.docusigncollector.cli;

import io.github.docusigncollector.error.CollectorException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code docusign-collector}: parses the command line and maps failures to exit
 * codes.
 */
@Command(
    name = "docusign-collector",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Collects DocuSign security data (Monitor customer events, audit users) into a SIEM.",
    subcommands = {
      ConsentUrlCommand.class,
      ResetTokenCommand.class,
      AuthTestCommand.class,
      GoLiveCheckCommand.class,
      GetEventsCommand.class,
      FetchCommand.class,
      RunCommand.class,
      StateCommand.class,
      SimulatorCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Mixin GlobalOptions global;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line and returns its exit code (for tests that run commands in-process). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::onFailure);
    cl.setParameterExceptionHandler(Main::onBadUsage);
    return cl.execute(args);
  }

  private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("docusign-collector: " + e.getMessage());
    err.println(
        "Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return CollectorException.CONFIG;
  }

  private static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean verbose = verbose(parseResult);
    int code;
    String message;
    if (e instanceof CollectorException ce) {
      code = ce.exitCode() == 0 ? CollectorException.OPERATIONAL : ce.exitCode();
      message = ce.getMessage();
    } else {
      code = CollectorException.OPERATIONAL;
      message = "unexpected failure: " + e;
    }
    err.println("docusign-collector: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean verbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
