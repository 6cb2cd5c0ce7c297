package io.tessera.pipeline;

import io.tessera.config.TesseraConfig;
import java.util.List;
import java.util.Map;

/**
 * One step of the pipeline: reads the previous stage's Parquet (ingest reads the sources), writes its own under
 * {@code WORK/<run-id>/<name>/}, and counts what it kept and dropped and why.
 */
public interface Stage {
  String name();

  /** One line for {@code tessera stages}. */
  String description();

  /**
   * The settings this stage's output depends on, beyond its input's. Part of the stage fingerprint, so changing
   * them reruns this stage and the ones after it. Null when none.
   */
  Object settings(TesseraConfig config);

  StageResult run(StageContext context);

  /**
   * The classpath resources this stage reads (a name ending in "/" is a folder): a digest of their bytes is part of
   * its fingerprint, so an edited word list reruns it.
   */
  default List<String> dataResources() {
    return List.of();
  }

  /**
   * A keyed digest of a secret from the environment the output depends on, never the secret itself; part of the
   * fingerprint.
   */
  default String keyDigest(Map<String, String> environment) {
    return "none";
  }

  /** Whether committed output from an earlier run is still in place (publish also checks the output folder). */
  default boolean outputPresent(StageContext context) {
    return true;
  }
}
