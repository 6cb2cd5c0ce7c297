package io.tessera.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.TestBase;
import io.tessera.config.TesseraConfig.SplitSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class GroupAssignmentTest extends TestBase {
  private static final StructType RECORDS = new StructType()
      .add(GroupAssignment.GROUP, DataTypes.StringType)
      .add("culture", DataTypes.StringType)
      .add("language", DataTypes.StringType)
      .add(GroupAssignment.FORCED, DataTypes.StringType);

  /** Strata of 1,000, 57 and 3 groups of one to three records, 200 strata of one group, and a group spanning two. */
  private static Dataset<Row> records(int partitions) {
    List<Row> rows = new ArrayList<>();
    int[] sizes = {1000, 57, 3};
    String[] cultures = {"TH", "KE", "PE"};
    for (int s = 0; s < sizes.length; s++) {
      for (int g = 0; g < sizes[s]; g++) {
        for (int r = 0; r <= g % 3; r++) {
          rows.add(RowFactory.create(cultures[s] + "-" + g, cultures[s], "en", null));
        }
      }
    }
    for (int s = 0; s < 200; s++) {
      rows.add(RowFactory.create("single-" + s, "C" + s, "xx", null));
    }
    rows.add(RowFactory.create("mixed", "JP", "ja", null));
    rows.add(RowFactory.create("mixed", "JP", "ja", null));
    rows.add(RowFactory.create("mixed", "KE", "en", null));
    // A benchmark-only source's record pulls its whole group into test; the most held-out forced split wins.
    rows.add(RowFactory.create("quoted", "KE", "en", null));
    rows.add(RowFactory.create("quoted", "KE", "en", "test"));
    rows.add(RowFactory.create("quoted", "KE", "en", "train"));
    return spark.createDataFrame(rows, RECORDS).repartition(partitions);
  }

  private static Map<String, String> assign(int partitions, SplitSettings settings) {
    Map<String, String> out = new HashMap<>();
    for (Row row : GroupAssignment.assign(records(partitions), settings).collectAsList()) {
      out.put(row.getString(row.fieldIndex("group")), row.getString(row.fieldIndex("culture")) + "/"
          + row.getString(row.fieldIndex("language")) + "/" + row.getString(row.fieldIndex("split")));
    }
    return out;
  }

  @Test
  void everyStratumGetsEachSplitsShareToWithinOneGroupOnAnyPartitioning() {
    SplitSettings settings = new SplitSettings();
    spark.conf().set("spark.sql.shuffle.partitions", "7");
    Map<String, String> seven = assign(7, settings);
    spark.conf().set("spark.sql.shuffle.partitions", "4");
    Map<String, String> one = assign(1, settings);
    assertEquals(one, seven, "the same assignment whatever the partitioning");
    assertEquals(1000 + 57 + 3 + 200 + 2, one.size(), "one row per group");
    assertEquals("KE/en/test", one.get("quoted"));
    assertEquals("JP/ja", one.get("mixed").substring(0, 5), "a group's stratum is its records' majority");

    for (String culture : List.of("TH", "KE", "PE")) {
      Map<String, Integer> counts = new HashMap<>();
      int n = 0;
      for (Map.Entry<String, String> e : one.entrySet()) {
        if (e.getKey().startsWith(culture + "-")) {
          counts.merge(e.getValue().substring(e.getValue().lastIndexOf('/') + 1), 1, Integer::sum);
          n++;
        }
      }
      assertTrue(Math.abs(counts.getOrDefault("train", 0) - 0.8 * n) < 1, culture + " " + counts);
      assertTrue(Math.abs(counts.getOrDefault("validation", 0) - 0.1 * n) < 1, culture + " " + counts);
      assertTrue(Math.abs(counts.getOrDefault("test", 0) - 0.1 * n) < 1, culture + " " + counts);
    }
    // A stratum of one group still goes to test with its 10% chance: about 20 of 200, not none.
    long singlesHeldOut = one.entrySet().stream()
        .filter(e -> e.getKey().startsWith("single-") && !e.getValue().endsWith("/train")).count();
    assertTrue(singlesHeldOut >= 20 && singlesHeldOut <= 65, "held out: " + singlesHeldOut + " of 200 (expect ~40)");

    Dataset<Row> assignment = GroupAssignment.assign(records(3), settings);
    assertTrue(GroupAssignment.largestDeviation(assignment, settings) < 1);
  }

  @Test
  void unstratifiedAssignmentHoldsTheRatiosOnlyInExpectation() {
    SplitSettings settings = new SplitSettings();
    settings.stratify = false;
    Dataset<Row> assignment = GroupAssignment.assign(records(2), settings);
    assertEquals(assign(5, settings), assign(2, settings));
    double deviation = GroupAssignment.largestDeviation(assignment, settings);
    assertTrue(deviation >= 1, "hashing alone misses some stratum's share by a group or more: " + deviation);
  }
}
