package io.tessera.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.pipeline.ProgressLine.Unit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/** A running stage logs progress lines at its interval, and its Spark jobs carry the stage and step. */
class ProgressReporterTest extends TestBase {
  /** Collects the messages of the progress logger. */
  private static final class Lines extends AbstractAppender implements AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final LoggerConfig logger;

    Lines() {
      super("progress-test", null, null, true, Property.EMPTY_ARRAY);
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      logger = context.getConfiguration().getLoggerConfig("io.tessera.progress");
      start();
      logger.addAppender(this, null, null);
      context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
      // The appender hangs on the nearest configured logger (io.tessera): keep the progress logger's lines.
      if (event.getLoggerName().equals("io.tessera.progress")) {
        messages.add(event.getMessage().getFormattedMessage());
      }
    }

    @Override
    public void close() {
      logger.removeAppender(getName());
      stop();
    }
  }

  @Test
  void aSlowStageLogsProgressLinesAndNamesItsJobs() throws Exception {
    try (Lines lines = new Lines()) {
      try (ProgressReporter progress = ProgressReporter.start(spark, "slow", Unit.RECORDS, 1000, 1)) {
        ProgressReporter.step(spark, "sleep");
        long rows = spark.range(0, 1000, 1, 2).mapPartitions((MapPartitionsFunction<Long, Long>) it -> {
          Thread.sleep(2500);
          return it;
        }, Encoders.LONG()).count();
        assertEquals(1000, rows);
      }
      assertFalse(lines.messages.isEmpty(), "a line at least every second of a 2.5 s job");
      // "[sleep]": the step comes from the job's description, "slow: sleep".
      for (String line : lines.messages) {
        // Until a task ends, its reads are not counted: the line gives the total and the tasks' share.
        assertTrue(line.startsWith("slow [sleep]: ") && line.matches(".*(of |: )1,000 records.*") && line.contains("ETA"),
            line);
      }
      int[] jobs = spark.sparkContext().statusTracker().getJobIdsForGroup("tessera-slow");
      assertTrue(jobs.length > 0, "the stage's jobs are in its job group");
      int before = lines.messages.size();
      Thread.sleep(1500);
      assertEquals(before, lines.messages.size(), "no lines once the stage is over");
      assertEquals(null, spark.sparkContext().getLocalProperty("spark.jobGroup.id"), "job group cleared");
    }
  }

  @Test
  void aPipelineRunLogsIngestProgressInBytes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    try (Lines lines = new Lines()) {
      java.nio.file.Path tweets = fixtures().resolve("twitter/twitter-v2-twarc/flat.jsonl");
      ingestOnly(dir, List.of("twitter=" + tweets), "run.progress_seconds=1");
      assertFalse(lines.messages.isEmpty(), "ingest's Spark jobs take over a second");
      String total = String.format(java.util.Locale.ROOT, "%.1f MB", tweets.toFile().length() / 1024.0 / 1024.0);
      for (String line : lines.messages) {
        assertTrue(line.startsWith("ingest") && (line.contains(" of " + total + " read (")
            || line.contains(": " + total + " of input, tasks")), line);
      }
    }
  }

  @Test
  void noLinesWhenTheIntervalIsZero() throws Exception {
    try (Lines lines = new Lines();
        ProgressReporter progress = ProgressReporter.start(spark, "quiet", Unit.RECORDS, 100, 0)) {
      spark.range(0, 100, 1, 2).mapPartitions((MapPartitionsFunction<Long, Long>) it -> {
        Thread.sleep(1500);
        return it;
      }, Encoders.LONG()).count();
      assertTrue(lines.messages.isEmpty(), lines.messages.toString());
      assertTrue(spark.sparkContext().statusTracker().getJobIdsForGroup("tessera-quiet").length > 0);
    }
  }
}
