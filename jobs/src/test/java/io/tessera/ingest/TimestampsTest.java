package io.tessera.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final Instant T = Instant.parse("2024-02-15T00:00:00Z");

  @Test
  void epochInEveryShape() throws Exception {
    JsonMapper json = new JsonMapper();
    assertEquals(T, Timestamps.parse(json.readTree("1707955200")));
    assertEquals(T, Timestamps.parse(json.readTree("1707955200.0")));
    assertEquals(T, Timestamps.parse(json.readTree("\"1707955200\"")));
    assertEquals(T, Timestamps.parse(json.readTree("1707955200000")));
    assertEquals(T.plusMillis(500), Timestamps.parse("1707955200.5"));
  }

  @Test
  void textForms() {
    assertEquals(T, Timestamps.parse("2024-02-15T00:00:00Z"));
    assertEquals(T, Timestamps.parse("2024-02-15T07:00:00+07:00"));
    assertEquals(T, Timestamps.parse("2024-02-15T07:00:00.000+0700"));
    assertEquals(T, Timestamps.parse("2024-02-15 00:00:00"));
    assertEquals(T, Timestamps.parse("2024-02-15"));
    assertEquals(T, Timestamps.parse("Thu, 15 Feb 2024 00:00:00 GMT"));
    assertEquals(T, Timestamps.parse("Thu Feb 15 00:00:00 +0000 2024"));
  }

  @Test
  void garbageIsNull() {
    assertNull(Timestamps.parse("yesterday"));
    assertNull(Timestamps.parse(""));
    assertNull(Timestamps.parse((String) null));
  }
}
