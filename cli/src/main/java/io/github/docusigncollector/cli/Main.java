package io.github.docusigncollector.cli;

import io.github.docusigncollector.auth.Secrets;
import io.github.docusigncollector.bench.HeapStats;
import io.github.docusigncollector.error.CollectorException;
import io.github.docusigncollector.http.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    synopsisSubcommandLabel = "COMMAND",
    description =
        "Collects DocuSign security data (Monitor customer events, audit users) into a SIEM.",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  docusign-collector demo              try it all against the simulator",
      "  docusign-collector consent-url       the URL that grants the app its scopes",
      "  docusign-collector auth-test         prove the configuration, end to end",
      "  docusign-collector fetch             one collection cycle, then exit",
      "  docusign-collector run               collect every interval until stopped",
      "  docusign-collector get-events --type customer_events --since 1h",
      "                                       look at the last hour's events",
      "",
      "Exit codes:",
      "  0  success",
      "  1  operational failure (DocuSign unreachable after retries, sink refused)",
      "  2  usage or configuration error (nothing was fetched or written)",
      "  3  authorization failure (consent, key, role, entitlement)",
      "",
      "Environment variables:",
      "  DOCUSIGN_CONFIG     configuration file when --config is not given",
      "  DOCUSIGN_LOG_LEVEL  log level: error, warn, info (default), debug, trace",
      "  DOCUSIGN_<KEY>      any configuration key but output, e.g. DOCUSIGN_USER_ID",
      "  DOCUSIGN_JAVA_OPTS  JVM options for the launcher bin/docusign-collector",
      "",
      "Run 'docusign-collector COMMAND --help' for a command's options."
    })
public final class Main implements Runnable {

  /**
   * Every subcommand by name, in the order of the help. Registered in {@link #execute} rather than
   * in the annotation: picocli builds (by reflection) and instantiates every registered command at
   * start, which is a good part of a one-shot command's start time, so a command line that plainly
   * names its command gets only that one.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("consent-url", ConsentUrlCommand.class);
    m.put("reset-token", ResetTokenCommand.class);
    m.put("auth-test", AuthTestCommand.class);
    m.put("go-live-check", GoLiveCheckCommand.class);
    m.put("get-events", GetEventsCommand.class);
    m.put("fetch", FetchCommand.class);
    m.put("run", RunCommand.class);
    m.put("state", StateCommand.class);
    m.put("simulator", SimulatorCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("bench", BenchCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @CommandLine.Mixin GlobalOptions global;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Invocation invocation;

  Main(Invocation invocation) {
    this.invocation = invocation;
  }

  /** What this command line runs with (environment, working directory, clock, streams). */
  Invocation invocation() {
    return invocation;
  }

  /** A bare {@code docusign-collector} prints the help, as {@code kubectl} does (exit 0). */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // Benchmarks run the collector as a child and read its heap figures from stderr at exit.
    boolean stats = HeapStats.installIfRequested(System.getenv());
    int code = execute(Invocation.system(), args);
    if (stats) {
      HeapStats.print(System.err);
    }
    System.exit(code);
  }

  /** Runs one command line and returns its exit code (for tests that run commands in-process). */
  public static int execute(String... args) {
    return execute(Invocation.system(), args);
  }

  /** Runs one command line with the given environment and outputs, in the current directory. */
  public static int execute(
      Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    return execute(Path.of(""), env, out, err, args);
  }

  /** Runs one command line with the given working directory, environment and outputs. */
  public static int execute(
      Path workDir, Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    return execute(workDir, env, Clock.systemUTC(), Sleeper.SYSTEM, out, err, args);
  }

  /** As above, with the clock and sleeper the commands use (a simulator's clock in tests). */
  public static int execute(
      Path workDir,
      Map<String, String> env,
      Clock clock,
      Sleeper sleeper,
      PrintWriter out,
      PrintWriter err,
      String... args) {
    try {
      return execute(
          new Invocation(env, workDir, clock, sleeper, printStream(out), printStream(err)),
          out,
          err,
          args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  static int execute(Invocation invocation, String... args) {
    return execute(invocation, writer(invocation.out()), writer(invocation.err()), args);
  }

  private static int execute(
      Invocation invocation, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main(invocation));
    // Before the settings below, which apply to the subcommands present when they are made.
    String only = commandNamed(args);
    for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
      if (only == null || only.equals(c.getKey())) {
        cl.addSubcommand(c.getKey(), c.getValue());
      }
    }
    withoutVersionOnSubcommands(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(Main::onFailure);
    cl.setParameterExceptionHandler(Main::onBadUsage);
    cl.setExecutionStrategy(
        parseResult -> {
          try {
            Logging.configure(invocation.env(), verbose(parseResult));
          } catch (CollectorException e) {
            err.println("docusign-collector: " + e.getMessage());
            err.flush();
            return e.exitCode();
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    try {
      return cl.execute(args);
    } finally {
      cl.getOut().flush();
      cl.getErr().flush();
    }
  }

  /**
   * The subcommand a command line runs when that is plain before parsing: only global flags ({@code
   * --verbose}, {@code --config FILE}, {@code --config=FILE}) precede a command's name. Null for
   * anything else (help, version, mistakes, argument files, {@code help CMD}), which is parsed with
   * every command registered, as picocli's messages and suggestions need.
   */
  static String commandNamed(String... args) {
    for (String a : args) {
      if (a.startsWith("@")) {
        return null;
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config")) {
        i++;
      } else if (!a.equals("--verbose") && !a.startsWith("--config=")) {
        return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
  }

  /**
   * {@code -V/--version} belongs to {@code docusign-collector} alone (as {@code git --version}):
   * the subcommands keep {@code -h/--help} of their standard options.
   */
  private static void withoutVersionOnSubcommands(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandLine.Model.CommandSpec s = sub.getCommandSpec();
      CommandLine.Model.OptionSpec v = s.findOption("--version");
      if (v != null) {
        s.remove(v);
      }
      withoutVersionOnSubcommands(sub);
    }
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  private static PrintStream printStream(PrintWriter writer) {
    return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
  }

  private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("docusign-collector: " + Secrets.redact(e.getMessage()));
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && u.getCommandLine().getCommandSpec().parent() == null
        && !u.getUnmatched().isEmpty()) {
      List<String> near = nearCommands(u.getUnmatched().get(0));
      if (!near.isEmpty()) {
        err.println(
            (near.size() == 1 ? "Did you mean this?" : "Did you mean one of these?")
                + System.lineSeparator()
                + "  "
                + String.join(System.lineSeparator() + "  ", near));
      }
    }
    err.println(
        "Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
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
    err.println("docusign-collector: " + Secrets.redact(message));
    if (verbose) {
      err.print(stackTrace(e));
    }
    err.flush();
    return code;
  }

  /**
   * The commands a mistyped one may have meant, as {@code git} suggests them: within two edits (a
   * swap of neighbours counts as one), or starting with what was typed.
   */
  static List<String> nearCommands(String typed) {
    List<String> out = new java.util.ArrayList<>();
    if (typed.startsWith("-")) {
      return out;
    }
    for (String c : COMMANDS.keySet()) {
      if (editDistance(typed, c) <= 2 || (typed.length() >= 3 && c.startsWith(typed))) {
        out.add(c);
      }
    }
    return out;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The stack trace of {@code e} (with its causes), secrets masked: what --verbose adds. */
  static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return Secrets.redact(trace.toString());
  }

  private static boolean verbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Bytes written to a PrintStream, handed on as text to a PrintWriter at each flush. */
  private static final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    WriterOutputStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
      buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
      if (buffer.size() > 0) {
        writer.write(buffer.toString(StandardCharsets.UTF_8));
        buffer.reset();
      }
      writer.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
