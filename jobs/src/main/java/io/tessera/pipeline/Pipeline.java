package io.tessera.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.config.ConfigException;
import io.tessera.config.ConfigLoader;
import io.tessera.config.Secrets;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.pipeline.RunReport.StageEntry;
import io.tessera.publish.AtomicPublish;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured stages in order. Each stage has a fingerprint over what made its output ({@link
 * Fingerprints}: code, data files, settings, input, key), chained through its input; a stage whose committed output
 * carries the same fingerprint is reused (unless forced), so a rerun skips finished work and a changed threshold
 * reruns only the stages from the one it belongs to. {@code run.json} says {@code running} before any stage starts
 * and is rewritten when the run ends, also when it fails or the JVM is stopped.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final SparkSession spark;
  private final TesseraConfig config;
  private final Fingerprints fingerprints;
  private boolean force;

  public Pipeline(SparkSession spark, TesseraConfig config) {
    this(spark, config, Fingerprints.ofBuild());
  }

  /** A pipeline that fingerprints stages with the given digests. */
  public Pipeline(SparkSession spark, TesseraConfig config, Fingerprints fingerprints) {
    this.spark = spark;
    this.config = config;
    this.fingerprints = fingerprints;
  }

  /** Rerun selected stages even when their committed output is current. */
  public Pipeline force(boolean value) {
    this.force = value;
    return this;
  }

  public static RunPaths paths(TesseraConfig config) {
    String work = config.run.work != null ? config.run.work : RunPaths.join(config.run.output, "_work");
    return new RunPaths(config.run.output, work, config.run.runId);
  }

  public RunReport execute() {
    RunPaths paths = paths(config);
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    RunReport report = new RunReport();
    report.runId = paths.runId();
    report.attempt = UUID.randomUUID().toString();
    report.codeVersion = CodeVersion.get();
    report.startedAt = Instant.now().toString();
    report.output = paths.output();
    report.work = paths.work();
    report.status = "running";
    // Before any stage touches data: a run killed from here on leaves "running", never an earlier "succeeded".
    files.writeAtomically(paths.runJson(), Secrets.scrub(toJson(report)));
    ShutdownReport onShutdown = new ShutdownReport(report, files, paths.runJson());
    try {
      run(report, paths, files);
      report.status = "succeeded";
      return report;
    } catch (Throwable e) { // Spark's exceptions reach here unchecked, Errors too: all end as failed
      report.status = "failed";
      report.error = describe(e);
      throw e;
    } finally {
      onShutdown.finish();
    }
  }

  /**
   * Records a run that failed before it had a Spark session (a bad master URL, a cluster that refused it): run.json
   * says failed with the error, written through Hadoop with the run's own file-system settings. A failure to write
   * it is logged and leaves the original error to be reported.
   */
  public static void recordFailedStart(TesseraConfig config, Throwable error) {
    try {
      Configuration conf = new Configuration();
      SparkSessions.hadoopSettings(config, new SparkConf()).forEach(conf::set);
      RunPaths paths = paths(config);
      RunReport report = new RunReport();
      report.runId = paths.runId();
      report.attempt = UUID.randomUUID().toString();
      report.codeVersion = CodeVersion.get();
      report.startedAt = Instant.now().toString();
      report.finishedAt = report.startedAt;
      report.output = paths.output();
      report.work = paths.work();
      report.status = "failed";
      report.error = describe(error);
      new HadoopFiles(conf).writeAtomically(paths.runJson(), Secrets.scrub(toJson(report)));
    } catch (RuntimeException e) {
      LOG.warn("could not record the failed start in run.json: {}", Secrets.scrub(e.toString()));
    }
  }

  private void run(RunReport report, RunPaths paths, HadoopFiles files) {
    AtomicPublish.recover(spark.sparkContext().hadoopConfiguration(), paths);
    Map<String, List<InputFile>> inputs = listInputs();
    StageContext context = new StageContext(spark, config, paths, inputs);
    report.codeDigest = fingerprints.code();
    String sourcesDigest = Hashes.sha256Hex(16, ConfigLoader.canonicalJson(config.sources),
        ConfigLoader.canonicalJson(inputs));
    report.configFingerprint = Hashes.sha256Hex(32, report.codeDigest, sourcesDigest,
        ConfigLoader.canonicalJson(config));

    String effective = ConfigLoader.toRedactedYaml(config);
    files.writeAtomically(paths.effectiveConfig(), effective);
    files.writeAtomically(RunPaths.join(paths.runDir(), "config.yaml"), effective);

    List<Stage> stages = Stages.all();
    int last = lastSelected(stages);
    String upstream = sourcesDigest;
    long upstreamRecords = 0; // the total of a stage's progress lines: the records of the stage before
    for (int i = 0; i <= last; i++) {
      Stage stage = stages.get(i);
      Map<String, String> parts = fingerprints.of(stage, config, upstream);
      String fingerprint = Hashes.sha256Hex(32, stage.name(), ConfigLoader.canonicalJson(parts));
      upstream = fingerprint;
      StageMarker marker = readMarker(files, paths.marker(stage.name()));
      String reason = marker == null || !stage.outputPresent(context) ? "no_output"
          : fingerprint.equals(marker.fingerprint) ? (force ? "forced" : "current")
          : "fingerprint_changed: " + Fingerprints.changed(parts, marker.parts);
      boolean current = reason.equals("current") || reason.equals("forced");
      if (!config.run.stages.contains(stage.name())) {
        if (!current) {
          throw new ConfigException("stage '" + stage.name() + "' has no committed output for this config in "
              + paths.runDir() + " (" + reason + "); add it to --stages");
        }
        upstreamRecords = marker.result.recordsOut;
        continue;
      }
      StageEntry entry = new StageEntry();
      entry.name = stage.name();
      entry.fingerprint = fingerprint;
      entry.reason = reason;
      report.stages.add(entry);
      StageResult result;
      if (reason.equals("current")) {
        LOG.info("stage {}: output is current, skipped", stage.name());
        entry.status = "skipped";
        result = marker.result;
      } else {
        LOG.info("stage {}: running ({})", stage.name(), reason);
        files.delete(paths.marker(stage.name()));
        long start = System.nanoTime();
        entry.status = "failed";
        try (ProgressReporter progress = stage.name().equals(StageNames.INGEST)
            ? ProgressReporter.start(spark, stage.name(), ProgressLine.Unit.BYTES, inputBytes(inputs),
                config.run.progressSeconds)
            : ProgressReporter.start(spark, stage.name(), ProgressLine.Unit.RECORDS, upstreamRecords,
                config.run.progressSeconds)) {
          result = stage.run(context);
        }
        entry.seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        entry.status = "ran";
        writeMarker(files, stage.name(), paths.marker(stage.name()), fingerprint, parts, result);
      }
      upstreamRecords = result.recordsOut;
      entry.recordsIn = result.recordsIn;
      entry.recordsOut = result.recordsOut;
      entry.dropped = result.dropped;
      entry.stats = result.stats.isEmpty() ? null : result.stats;
    }
    if (last == stages.size() - 1) {
      report.sources = Accounting.perSource(context);
      Accounting.check(report.sources);
    }
  }

  /** The error as run.json states it: its message, or its type when it has none. */
  private static String describe(Throwable e) {
    return Secrets.scrub(e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.toString());
  }

  /**
   * Writes the final run.json, and makes sure a run the JVM stops under (SIGTERM, Ctrl-C, a cluster manager's
   * kill) ends as failed rather than running. The hook runs before Spark's and before Hadoop closes its file
   * systems.
   */
  private static final class ShutdownReport implements Runnable {
    private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 30;
    private final RunReport report;
    private final HadoopFiles files;
    private final String path;
    private boolean written;

    ShutdownReport(RunReport report, HadoopFiles files, String path) {
      this.report = report;
      this.files = files;
      this.path = path;
      ShutdownHookManager.get().addShutdownHook(this, PRIORITY);
    }

    @Override
    public synchronized void run() {
      if (!written) {
        report.status = "failed";
        report.error = "interrupted: the JVM was stopped while the run was in progress";
        write();
      }
    }

    synchronized void finish() {
      if (!written) {
        write();
      }
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(this);
      }
    }

    private void write() {
      report.finishedAt = Instant.now().toString();
      files.writeAtomically(path, Secrets.scrub(toJson(report)));
      written = true;
    }
  }

  private Map<String, List<InputFile>> listInputs() {
    Map<String, List<InputFile>> inputs = new LinkedHashMap<>();
    for (SourceConfig source : config.sources) {
      inputs.put(source.name, InputFiles.list(source.path, source.include, spark.sparkContext().hadoopConfiguration()));
    }
    return inputs;
  }

  private static long inputBytes(Map<String, List<InputFile>> inputs) {
    return inputs.values().stream().flatMap(List::stream).mapToLong(InputFile::bytes).sum();
  }

  private int lastSelected(List<Stage> stages) {
    int last = -1;
    for (int i = 0; i < stages.size(); i++) {
      if (config.run.stages.contains(stages.get(i).name())) {
        last = i;
      }
    }
    return last;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The committed-output marker of a stage. */
  static final class StageMarker {
    public String stage;
    public String fingerprint;
    /** What the fingerprint was made of (digests), so a rerun can say what changed. */
    public Map<String, String> parts;
    public String codeVersion;
    public String committedAt;
    public StageResult result;
  }

  private static StageMarker readMarker(HadoopFiles files, String path) {
    if (!files.exists(path)) {
      return null;
    }
    try {
      return JSON.readValue(files.read(path), StageMarker.class);
    } catch (JsonProcessingException e) {
      LOG.warn("ignoring unreadable stage marker {}: {}", path, e.getOriginalMessage());
      return null;
    }
  }

  private static void writeMarker(HadoopFiles files, String stage, String path, String fingerprint,
      Map<String, String> parts, StageResult result) {
    StageMarker marker = new StageMarker();
    marker.stage = stage;
    marker.fingerprint = fingerprint;
    marker.parts = parts;
    marker.codeVersion = CodeVersion.get();
    marker.committedAt = Instant.now().toString();
    marker.result = result;
    files.writeAtomically(path, toJson(marker));
  }


}
