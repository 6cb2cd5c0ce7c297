package io.tessera.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.config.ConfigException;
import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.pipeline.RunReport.StageEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured stages in order. Each stage has a fingerprint chained from its input's fingerprint and its own
 * settings; a stage whose committed output carries the same fingerprint is reused (unless forced), so a rerun skips
 * finished work and a changed threshold reruns only the stages from the one it belongs to. {@code run.json} is
 * written last, also when the run fails.
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
  private boolean force;

  public Pipeline(SparkSession spark, TesseraConfig config) {
    this.spark = spark;
    this.config = config;
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
    Map<String, List<InputFile>> inputs = listInputs();
    StageContext context = new StageContext(spark, config, paths, inputs);

    RunReport report = new RunReport();
    report.runId = paths.runId();
    report.codeVersion = CodeVersion.get();
    report.startedAt = Instant.now().toString();
    report.output = paths.output();
    report.work = paths.work();
    String inputsFingerprint = Hashes.sha256Hex(32, CodeVersion.get(), ConfigLoader.canonicalJson(config.sources),
        ConfigLoader.canonicalJson(inputs));
    report.configFingerprint = Hashes.sha256Hex(32, inputsFingerprint, ConfigLoader.canonicalJson(config));
    report.status = "running";

    String effective = ConfigLoader.toRedactedYaml(config);
    files.writeAtomically(paths.effectiveConfig(), effective);
    files.writeAtomically(RunPaths.join(paths.runDir(), "config.yaml"), effective);

    List<Stage> stages = Stages.all();
    int last = lastSelected(stages);
    String upstream = inputsFingerprint;
    long upstreamRecords = 0; // the total of a stage's progress lines: the records of the stage before
    try {
      for (int i = 0; i <= last; i++) {
        Stage stage = stages.get(i);
        String fingerprint = Hashes.sha256Hex(32, upstream, stage.name(),
            ConfigLoader.canonicalJson(stage.settings(config)));
        upstream = fingerprint;
        StageMarker marker = readMarker(files, paths.marker(stage.name()));
        boolean current = marker != null && fingerprint.equals(marker.fingerprint) && stage.outputPresent(context);
        if (!config.run.stages.contains(stage.name())) {
          if (!current) {
            throw new ConfigException("stage '" + stage.name() + "' has no committed output for this config in "
                + paths.runDir() + "; add it to --stages");
          }
          upstreamRecords = marker.result.recordsOut;
          continue;
        }
        StageEntry entry = new StageEntry();
        entry.name = stage.name();
        entry.fingerprint = fingerprint;
        report.stages.add(entry);
        StageResult result;
        if (current && !force) {
          LOG.info("stage {}: output is current, skipped", stage.name());
          entry.status = "skipped";
          result = marker.result;
        } else {
          LOG.info("stage {}: running", stage.name());
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
          writeMarker(files, stage.name(), paths.marker(stage.name()), fingerprint, result);
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
      report.status = "succeeded";
      return report;
    } catch (RuntimeException e) {
      report.status = "failed";
      report.error = e.getMessage();
      throw e;
    } finally {
      report.finishedAt = Instant.now().toString();
      files.writeAtomically(paths.runJson(), toJson(report));
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
      StageResult result) {
    StageMarker marker = new StageMarker();
    marker.stage = stage;
    marker.fingerprint = fingerprint;
    marker.codeVersion = CodeVersion.get();
    marker.committedAt = Instant.now().toString();
    marker.result = result;
    files.writeAtomically(path, toJson(marker));
  }


}
