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

  /** The share done: of the total when the job reads it, else of the job's tasks; in [0, 1]. */
  public double fraction() {
    if (total > 0 && done > 0) {
      return Math.min(1.0, (double) done / total);
    }
    return tasks > 0 ? Math.min(1.0, (double) tasksDone / tasks) : 0;
  }

  /** Seconds left at the rate so far; -1 when nothing is done yet. */
  public long etaSeconds() {
    double fraction = fraction();
    if (fraction <= 0 || seconds <= 0) {
      return -1;
    }
    return Math.round(seconds * (1 - fraction) / fraction);
  }

  /** The line as printed. */
  public String format() {
    StringBuilder line = new StringBuilder(stage);
    if (step != null && !step.isBlank()) {
      line.append(" [").append(step).append(']');
    }
    line.append(": ");
    double rate = seconds > 0 ? done / seconds : 0;
    if (unit == Unit.BYTES) {
      line.append(String.format(Locale.ROOT, "%,.1f", done / MB));
      if (total > 0) {
        line.append(String.format(Locale.ROOT, " of %,.1f", total / MB));
      }
      line.append(String.format(Locale.ROOT, " MB read (%d%%), %,.1f MB/s", Math.round(100 * fraction()),
          rate / MB));
    } else {
      line.append(String.format(Locale.ROOT, "%,d", done));
      if (total > 0) {
        line.append(String.format(Locale.ROOT, " of %,d", total));
      }
      line.append(String.format(Locale.ROOT, " records (%d%%), %,.0f records/s", Math.round(100 * fraction()), rate));
    }
    line.append(String.format(Locale.ROOT, ", tasks %d/%d, ETA %s", tasksDone, tasks, duration(etaSeconds())));
    return line.toString();
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
