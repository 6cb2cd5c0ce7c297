package io.tessera.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The model of {@code _tessera/run.json}: the contract schedulers and people key on. Field names are snake_case. */
public final class RunReport {
  public String runId;
  /** Tells apart the attempts of one run id (a retry, a rerun). */
  public String attempt;
  /** running (also what a killed run leaves), succeeded or failed. */
  public String status;
  public String error;
  public String configFingerprint;
  public String codeVersion;
  /** Digest of the build's classes and resources: what stage fingerprints call "code". */
  public String codeDigest;
  public String startedAt;
  public String finishedAt;
  public String output;
  public String work;
  public List<StageEntry> stages = new ArrayList<>();
  public List<SourceEntry> sources = new ArrayList<>();

  public static final class StageEntry {
    public String name;
    /** ran, skipped (committed output with the same fingerprint reused) or failed. */
    public String status;
    public String fingerprint;
    /**
     * Why it ran or was skipped: no_output, fingerprint_changed: PARTS (code, data, settings, input, key), forced,
     * or current.
     */
    public String reason;
    public long recordsIn;
    public long recordsOut;
    public Map<String, Long> dropped = new TreeMap<>();
    public Map<String, Object> stats;
    public double seconds;
  }

  public static final class SourceEntry {
    public String name;
    public String format;
    public String path;
    public int files;
    public long bytes;
    public long recordsIn;
    public long published;
    /** Records filtered out, all reasons but duplicates; by reason in dropped_by_reason. */
    public long dropped;
    public Map<String, Long> droppedByReason = new TreeMap<>();
    public long duplicates;
    public long rejected;
  }
}
