package io.tessera.pipeline;

import io.tessera.config.ConfigException;
import io.tessera.config.TesseraConfig;
import io.tessera.ingest.InputFiles;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

/**
 * Checks, before Spark starts, that every input path and benchmark file names readable files and the output folder is
 * writable.
 */
public final class Preflight {
  private Preflight() {}

  public static void check(TesseraConfig config) {
    Configuration conf = hadoopConf(config);
    for (int i = 0; i < config.sources.size(); i++) {
      try {
        InputFiles.list(config.sources.get(i).path, config.sources.get(i).include, conf);
      } catch (ConfigException e) {
        throw new ConfigException("sources." + i + ".path: " + e.getMessage());
      }
    }
    List<String> benchmarks = config.split.benchmarkFiles;
    for (int i = 0; i < benchmarks.size(); i++) {
      try {
        InputFiles.list(benchmarks.get(i), null, conf);
      } catch (ConfigException e) {
        throw new ConfigException("split.benchmark_files." + i + ": " + e.getMessage());
      }
    }
    checkWritable("run.output", config.run.output, conf);
    if (config.run.work != null) {
      checkWritable("run.work", config.run.work, conf);
    }
  }

  /** The Hadoop settings the Spark session will have. */
  static Configuration hadoopConf(TesseraConfig config) {
    Configuration conf = new Configuration();
    SparkSessions.hadoopSettings(config, new SparkConf()).forEach(conf::set);
    return conf;
  }

  private static void checkWritable(String key, String folder, Configuration conf) {
    Path dir = new Path(folder);
    Path probe = new Path(dir, "._tessera_write_probe_" + UUID.randomUUID());
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new ConfigException(key + ": output path is a file, not a folder: " + folder);
      }
      if (!fs.mkdirs(dir)) {
        throw new ConfigException(key + ": cannot create output folder " + folder);
      }
      fs.create(probe, true).close();
      fs.delete(probe, false);
    } catch (IOException e) {
      throw new ConfigException(key + ": output folder is not writable: " + folder + " (" + e.getMessage() + ")", e);
    }
  }
}
