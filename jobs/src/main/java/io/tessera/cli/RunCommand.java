package io.tessera.cli;

import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.Preflight;
import io.tessera.pipeline.RunReport;
import io.tessera.pipeline.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the pipeline. With no Spark master set it runs local[*]; under spark-submit it uses the "
        + "master it is given.", "", "Examples:",
        "  tessera run --config conf/demo.yaml",
        "  tessera run --source jsonl=data/sample/posts.jsonl --output out/quick",
        "  tessera run --config conf/demo.yaml --set select.min_chars=50 --stages select,split,publish"})
final class RunCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--force", description = "rerun stages whose committed output is current")
  boolean force;

  @Option(names = "--quiet", description = "no progress lines while stages run (same as --set run.progress_seconds=0)")
  boolean quiet;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TesseraConfig config = options.resolve();
    if (quiet) {
      config.run.progressSeconds = 0;
    }
    Preflight.check(config);
    boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark;
    try {
      spark = SparkSessions.getOrCreate(config);
    } catch (Exception | Error e) { // Spark's SparkException is checked, though Scala does not declare it
      Pipeline.recordFailedStart(config, e);
      throw e;
    }
    try {
      RunReport report = new Pipeline(spark, config).force(force).execute();
      Summary.print(report, spec.commandLine().getOut());
      return 0;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** The per-stage table printed at the end of a run. */
  static final class Summary {
    static void print(RunReport report, PrintWriter out) {
      out.printf("%nTessera run '%s' %s. Dataset: %s/data%n", report.runId, report.status, report.output);
      out.printf("%-8s %-8s %10s %10s %8s  %s%n", "stage", "status", "in", "out", "seconds", "dropped");
      for (RunReport.StageEntry s : report.stages) {
        out.printf("%-8s %-8s %10d %10d %8.1f  %s%n", s.name, s.status, s.recordsIn, s.recordsOut, s.seconds,
            s.dropped.isEmpty() ? "-" : s.dropped.toString().replaceAll("[{}]", ""));
      }
      if (!report.sources.isEmpty()) {
        out.printf("%n%-22s %8s %10s %8s %11s %9s%n", "source", "read", "published", "dropped", "duplicates", "rejected");
        for (RunReport.SourceEntry s : report.sources) {
          out.printf("%-22s %8d %10d %8d %11d %9d%n", s.name, s.recordsIn, s.published, s.dropped, s.duplicates,
              s.rejected);
        }
      }
      out.printf("%nReport: %s/_tessera/run.json%n", report.output);
      out.flush();
    }
  }
}
