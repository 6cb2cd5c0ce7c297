package io.tessera.pipeline;

import io.tessera.config.TesseraConfig;

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

  /** Whether committed output from an earlier run is still in place (publish also checks the output folder). */
  default boolean outputPresent(StageContext context) {
    return true;
  }
}
