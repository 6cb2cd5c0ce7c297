package io.tessera.pipeline;

/** The folders of a run: {@code OUTPUT/} for the dataset and {@code WORK/<run-id>/<stage>/} for stage outputs. */
public record RunPaths(String output, String work, String runId) {
  public String runDir() {
    return join(work, runId);
  }

  public String stageDir(String stage) {
    return join(runDir(), stage);
  }

  /** A stage's main table (documents for all but publish). */
  public String stageData(String stage) {
    return join(stageDir(stage), "data");
  }

  public String stageTable(String stage, String table) {
    return join(stageDir(stage), table);
  }

  public String marker(String stage) {
    return join(stageDir(stage), "_tessera_stage.json");
  }

  public String published(String folder) {
    return join(output, folder);
  }

  public String runJson() {
    return join(output, "_tessera/run.json");
  }

  public String effectiveConfig() {
    return join(output, "_tessera/config.yaml");
  }

  static String join(String parent, String child) {
    return parent.endsWith("/") ? parent + child : parent + "/" + child;
  }
}
