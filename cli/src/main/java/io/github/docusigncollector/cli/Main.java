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
    description =
        "Collects DocuSign security data (Monitor customer events, audit users) into a SIEM.")
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

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
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

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  private static PrintStream printStream(PrintWriter writer) {
    return new PrintStream(new WriterOutputStream(writer), true, StandardCharsets.UTF_8);
  }

  private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("docusign-collector: " + Secrets.redact(e.getMessage()));
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
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(Secrets.redact(trace.toString()));
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
