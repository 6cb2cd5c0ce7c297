package io.tessera.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.pipeline.ProgressLine.Unit;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void recordsWithRateAndEta() {
    ProgressLine line = new ProgressLine("langid", "write langid/data", Unit.RECORDS, 120_000, 250_000, 60, 12, 40);
    assertEquals(0.48, line.fraction(), 1e-9);
    assertEquals(65, line.etaSeconds()); // 60 s for 48 %: 65 s for the other 52 %
    assertEquals("langid [write langid/data]: 120,000 of 250,000 records (48%), 2,000 records/s, tasks 12/40,"
        + " ETA 1m05s", line.format());
  }

  @Test
  void ingestCountsBytes() {
    ProgressLine line = new ProgressLine("ingest", null, Unit.BYTES, 300L << 20, 1200L << 20, 100, 3, 8);
    assertEquals(300, line.etaSeconds());
    assertEquals("ingest: 300.0 of 1,200.0 MB read (25%), 3.0 MB/s, tasks 3/8, ETA 5m00s", line.format());
  }

  @Test
  void withoutRecordsTheTasksGiveTheShare() {
    // A job that reads no input yet (a shuffle's second half) or a stage whose total is unknown.
    ProgressLine line = new ProgressLine("dedup", "write dedup/data", Unit.RECORDS, 0, 500, 30, 1, 4);
    assertEquals(0.25, line.fraction(), 1e-9);
    assertEquals(90, line.etaSeconds());
    assertEquals("dedup [write dedup/data]: 500 records, tasks 1/4 (25%), ETA 1m30s", line.format());
    ProgressLine unknownTotal = new ProgressLine("select", null, Unit.RECORDS, 10_000, 0, 10, 0, 2);
    assertEquals("select: 10,000 records, 1,000 records/s, tasks 0/2 (0%), ETA ?", unknownTotal.format());
    // The demo's split stage once printed "0 of 41 records (100%)": the share came from tasks, the count from reads.
    assertEquals("split: 41 records, tasks 1/1 (100%), ETA 0s",
        new ProgressLine("split", null, Unit.RECORDS, 0, 41, 3, 1, 1).format());
    assertEquals("ingest: 1.5 MB of input, tasks 0/1 (0%), ETA ?",
        new ProgressLine("ingest", null, Unit.BYTES, 0, 3L << 19, 3, 0, 1).format());
  }

  @Test
  void moreThanTheTotalIsAllDoneAndNothingDoneHasNoEta() {
    assertEquals(1.0, new ProgressLine("s", null, Unit.RECORDS, 900, 500, 5, 1, 2).fraction());
    assertEquals(0, new ProgressLine("s", null, Unit.RECORDS, 900, 500, 5, 1, 2).etaSeconds());
    assertEquals(-1, new ProgressLine("s", null, Unit.RECORDS, 0, 500, 5, 0, 2).etaSeconds());
    assertEquals(-1, new ProgressLine("s", null, Unit.RECORDS, 0, 500, 0, 0, 0).etaSeconds());
  }

  @Test
  void durations() {
    assertEquals("?", ProgressLine.duration(-1));
    assertEquals("42s", ProgressLine.duration(42));
    assertEquals("3m05s", ProgressLine.duration(185));
    assertEquals("1h02m", ProgressLine.duration(3720));
  }
}
