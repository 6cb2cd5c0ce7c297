package io.tessera.cli;

import io.tessera.config.ConfigException;
import io.tessera.config.Secrets;
import io.tessera.pipeline.CodeVersion;
import io.tessera.pipeline.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code tessera run|validate|stages|schema}. Exit codes: 0 ok, 1 failed, 2 usage or config, 3 data. */
@Command(name = "tessera", mixinStandardHelpOptions = true, versionProvider = Tessera.Version.class,
    description = "Builds cultural datasets for LLM alignment from raw public sources, with Apache Spark.",
    subcommands = {RunCommand.class, ValidateCommand.class, StagesCommand.class, SchemaCommand.class,
        CommandLine.HelpCommand.class})
public final class Tessera implements Runnable {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_DATA = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, validate, stages or schema");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code; never calls System.exit (tests call this). */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Tessera()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter errors = commandLine.getErr();
      if (e instanceof ConfigException) {
        errors.println("tessera: error: " + e.getMessage());
        return EXIT_USAGE;
      }
      if (e instanceof DataException) {
        errors.println("tessera: data error: " + Secrets.scrub(e.getMessage()));
        return EXIT_DATA;
      }
      errors.println(Secrets.scrub("tessera: failed: " + e));
      errors.print(Secrets.scrubbedStackTrace(e));
      errors.flush();
      return EXIT_FAILED;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tessera " + CodeVersion.get()};
    }
  }
}
