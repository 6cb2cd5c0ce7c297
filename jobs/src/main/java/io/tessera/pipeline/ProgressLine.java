package io.tessera.pipeline;

import java.util.Locale;

/**
 * One progress line of a running stage: what its current Spark job has done out of the stage's known total, the
 * rate since the job started and the time left at that rate, e.g.
 * {@code langid [write langid/data]: 120,000 of 250,000 records (48%), 1,850 records/s, tasks 12/40, ETA 1m10s}.
 *
 * @param stage the pipeline stage
 * @param step the Spark job's description (what the stage is doing), or null
 * @param unit {@link Unit#RECORDS} or {@link Unit#BYTES} (ingest reads bytes; records are not known before)
 * @param done records or bytes the job has read so far
 * @param total the stage's known total (records in, or input bytes); 0 when unknown
 * @param seconds since the job started
 * @param tasksDone finished tasks of the job's stages
 * @param tasks all tasks of the job's stages
 */
public record ProgressLine(String stage, String step, Unit unit, long done, long total, double seconds, int tasksDone,
    int tasks) {
  /** What a stage's progress counts. */
  public enum Unit { RECORDS, BYTES }

  private static final double MB = 1024.0 * 1024.0;

  /** The share done: of the total when the job's reads are counted against it, else of the job's tasks; in [0, 1]. */
  public double fraction() {
    if (countedAgainstTotal()) {
      return Math.min(1.0, (double) done / total);
    }
    return tasks > 0 ? Math.min(1.0, (double) tasksDone / tasks) : 0;
  }

  /** Whether the share comes from what the job read out of the known total (else from its tasks). */
  private boolean countedAgainstTotal() {
    return total > 0 && done > 0;
  }

  /** Seconds left at the rate so far; -1 when nothing is done yet. */
  public long etaSeconds() {
    double fraction = fraction();
    if (fraction <= 0 || seconds <= 0) {
      return -1;
    }
    return Math.round(seconds * (1 - fraction) / fraction);
  }

  /**
   * The line as printed. The percentage stands next to what it was taken from: the records (or bytes) read out of
   * the total, or else the tasks, so that a job whose reads are not counted yet never reads "0 of 41 records (100%)".
   */
  public String format() {
    StringBuilder line = new StringBuilder(stage);
    if (step != null && !step.isBlank()) {
      line.append(" [").append(step).append(']');
    }
    line.append(": ");
    String share = String.format(Locale.ROOT, " (%d%%)", Math.round(100 * fraction()));
    boolean counted = countedAgainstTotal();
    if (done > 0) {
      line.append(amount(done)).append(counted ? " of " + amount(total) : "").append(unitName())
          .append(counted ? share : "").append(", ").append(rate()).append(", ");
    } else if (total > 0) {
      line.append(amount(total)).append(unit == Unit.BYTES ? " MB of input" : " records").append(", ");
    }
    line.append(String.format(Locale.ROOT, "tasks %d/%d", tasksDone, tasks)).append(counted ? "" : share);
    return line.append(", ETA ").append(duration(etaSeconds())).toString();
  }

  private String amount(long value) {
    return unit == Unit.BYTES ? String.format(Locale.ROOT, "%,.1f", value / MB)
        : String.format(Locale.ROOT, "%,d", value);
  }

  private String unitName() {
    return unit == Unit.BYTES ? " MB read" : " records";
  }

  private String rate() {
    double perSecond = seconds > 0 ? done / seconds : 0;
    return unit == Unit.BYTES ? String.format(Locale.ROOT, "%,.1f MB/s", perSecond / MB)
        : String.format(Locale.ROOT, "%,.0f records/s", perSecond);
  }

  /** 42s, 3m05s, 1h02m; "?" when unknown. */
  static String duration(long seconds) {
    if (seconds < 0) {
      return "?";
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
