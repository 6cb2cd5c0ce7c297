package io.tessera.pipeline;

import io.tessera.pipeline.ProgressLine.Unit;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a running stage, for a person watching the console or an Airflow log. While a stage runs, its Spark
 * jobs are in the job group {@code tessera-STAGE} (the Spark UI and History Server list them by stage; each job's
 * description names the step, {@link #step}), and every {@code run.progress_seconds} a {@link ProgressLine} is
 * logged: what the stage's current Spark job has read (records, or input bytes for ingest; from the tasks' input
 * metrics, running tasks included through the executors' heartbeats) out of the stage's known total, with rate and
 * ETA. On a terminal the line is also redrawn in place every {@value #TERMINAL_SECONDS} seconds; when standard error
 * is not a terminal, or under Airflow ({@value #PLAIN_ENV}{@code =lines}, which the DAG sets, or Airflow's own
 * {@code AIRFLOW_CTX_DAG_ID}), it is one line per interval.
 */
public final class ProgressReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.tessera.progress");
  /** Set to {@code lines} for one plain line per interval whatever the terminal (the Airflow DAG sets it). */
  public static final String PLAIN_ENV = "TESSERA_PROGRESS";
  private static final String STAGE_PROPERTY = "tessera.stage";
  private static final String JOB_DESCRIPTION = "spark.job.description";
  private static final int TERMINAL_SECONDS = 2;
  private static final String INPUT_RECORDS = "internal.metrics.input.recordsRead";
  private static final String INPUT_BYTES = "internal.metrics.input.bytesRead";
  private static final String SHUFFLE_RECORDS = "internal.metrics.shuffle.read.recordsRead";

  private final SparkContext sc;
  private final String stage;
  private final Unit unit;
  private final long total;
  private final Listener listener = new Listener();
  private final ScheduledExecutorService timer;
  private final PrintStream terminal;

  private ProgressReporter(SparkContext sc, String stage, Unit unit, long total, int intervalSeconds) {
    this.sc = sc;
    this.stage = stage;
    this.unit = unit;
    this.total = total;
    sc.setJobGroup("tessera-" + stage, "tessera " + stage, false);
    sc.setLocalProperty(STAGE_PROPERTY, stage);
    sc.addSparkListener(listener);
    boolean plain = System.console() == null || "lines".equals(System.getenv(PLAIN_ENV))
        || System.getenv("AIRFLOW_CTX_DAG_ID") != null;
    terminal = plain || intervalSeconds <= 0 ? null : System.err;
    if (intervalSeconds <= 0) {
      timer = null;
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "tessera-progress");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(() -> report(true), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    if (terminal != null) {
      timer.scheduleAtFixedRate(() -> report(false), TERMINAL_SECONDS, TERMINAL_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts reporting on {@code stage}, whose total is {@code total} records (or input bytes: {@code unit}); every
   * {@code intervalSeconds} a line, none when 0. Call from the thread that runs the stage (job groups are per thread).
   */
  public static ProgressReporter start(SparkSession spark, String stage, Unit unit, long total, int intervalSeconds) {
    return new ProgressReporter(spark.sparkContext(), stage, unit, total, intervalSeconds);
  }

  /** Names the next Spark jobs of the running stage after a step ("write langid/data"), for the UI and the lines. */
  public static void step(SparkSession spark, String step) {
    SparkContext sc = spark.sparkContext();
    String stage = sc.getLocalProperty(STAGE_PROPERTY);
    sc.setJobDescription(stage == null ? step : stage + ": " + step);
  }

  /** The current line, or null before the stage's first Spark job. */
  ProgressLine line() {
    Listener.Job job = listener.current;
    if (job == null) {
      return null;
    }
    int tasksDone = 0;
    int tasks = 0;
    for (int stageId : job.stageIds) {
      SparkStageInfo info = sc.statusTracker().getStageInfo(stageId).getOrElse(() -> null);
      if (info != null) {
        tasks += info.numTasks();
        tasksDone += info.numCompletedTasks();
      }
    }
    long done = unit == Unit.BYTES ? job.sum(INPUT_BYTES) : job.sum(INPUT_RECORDS);
    if (done == 0 && unit == Unit.RECORDS) {
      done = job.sum(SHUFFLE_RECORDS);
    }
    String step = job.description == null ? null : job.description.replaceFirst("^" + stage + ": ", "");
    return new ProgressLine(stage, step, unit, done, total, (System.nanoTime() - job.startNanos) / 1e9, tasksDone,
        tasks);
  }

  private void report(boolean logged) {
    try {
      ProgressLine line = line();
      if (line == null) {
        return;
      }
      if (terminal != null) {
        terminal.print("\r" + line.format() + "\u001b[K");
        terminal.flush();
      }
      if (logged) {
        if (terminal != null) {
          terminal.print("\r\u001b[K");
        }
        LOG.info(line.format());
      }
    } catch (RuntimeException e) {
      LOG.debug("progress unavailable", e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (terminal != null) {
      terminal.print("\r\u001b[K");
      terminal.flush();
    }
    sc.removeSparkListener(listener);
    sc.clearJobGroup();
    sc.setLocalProperty(STAGE_PROPERTY, null);
    sc.setJobDescription(null);
  }

  /** Follows the stage's Spark jobs: the latest job's stages and each of their tasks' metrics. */
  private final class Listener extends SparkListener {
    volatile Job current;
    private final Map<Integer, Job> byStage = new ConcurrentHashMap<>();

    final class Job {
      final long startNanos = System.nanoTime();
      final int[] stageIds;
      final String description;
      /** Per task id: its latest metrics (from heartbeats while it runs, from its end once finished). */
      final Map<Long, long[]> tasks = new ConcurrentHashMap<>();

      Job(int[] stageIds, String description) {
        this.stageIds = stageIds;
        this.description = description;
      }

      long sum(String metric) {
        int index = metric.equals(INPUT_RECORDS) ? 0 : metric.equals(INPUT_BYTES) ? 1 : 2;
        return tasks.values().stream().mapToLong(m -> m[index]).sum();
      }
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
      if (event.properties() == null || !stage.equals(event.properties().getProperty(STAGE_PROPERTY))) {
        return;
      }
      int[] stageIds = scala.jdk.javaapi.CollectionConverters.asJava(event.stageIds()).stream()
          .mapToInt(id -> (Integer) id).toArray();
      Job job = new Job(stageIds, event.properties().getProperty(JOB_DESCRIPTION));
      for (int id : stageIds) {
        byStage.put(id, job);
      }
      current = job;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      Job job = byStage.get(event.stageId());
      TaskMetrics metrics = event.taskMetrics();
      if (job != null && metrics != null) {
        job.tasks.put(event.taskInfo().taskId(), new long[] {metrics.inputMetrics().recordsRead(),
            metrics.inputMetrics().bytesRead(), metrics.shuffleReadMetrics().recordsRead()});
      }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
      for (var update : scala.jdk.javaapi.CollectionConverters.asJava(event.accumUpdates())) {
        Job job = byStage.get((Integer) update._2());
        if (job == null) {
          continue;
        }
        long[] values = new long[3];
        for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(update._4())) {
          String name = info.name().getOrElse(() -> "");
          int index = name.equals(INPUT_RECORDS) ? 0 : name.equals(INPUT_BYTES) ? 1
              : name.equals(SHUFFLE_RECORDS) ? 2 : -1;
          if (index >= 0 && info.update().isDefined() && info.update().get() instanceof Long value) {
            values[index] = value;
          }
        }
        // Metrics only grow: a late heartbeat never undoes a task's end event.
        job.tasks.merge((Long) update._1(), values, (old, now) -> new long[] {Math.max(old[0], now[0]),
            Math.max(old[1], now[1]), Math.max(old[2], now[2])});
      }
    }
  }
}
