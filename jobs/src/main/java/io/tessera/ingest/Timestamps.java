package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Normalises the timestamps sources write to UTC instants: epoch seconds or milliseconds (int, float or string),
 * ISO 8601 with or without offset (UTC assumed without), RFC 2822 / RFC 1123, and Twitter's
 * {@code Wed Oct 10 20:19:24 +0000 2018}. Returns null for anything else.
 */
public final class Timestamps {
  /** Epoch values above this are milliseconds (year 5138 in seconds, 1973 in milliseconds). */
  private static final double MILLIS_THRESHOLD = 1e11;
  private static final DateTimeFormatter ISO_LOCAL = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .toFormatter(Locale.ROOT);
  private static final List<DateTimeFormatter> ZONED = List.of(
      DateTimeFormatter.ISO_OFFSET_DATE_TIME,
      new DateTimeFormatterBuilder().append(ISO_LOCAL).appendOffset("+HHmm", "Z").toFormatter(Locale.ROOT),
      new DateTimeFormatterBuilder().append(ISO_LOCAL).appendLiteral(' ').appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT),
      DateTimeFormatter.RFC_1123_DATE_TIME,
      new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE MMM dd HH:mm:ss Z yyyy")
          .toFormatter(Locale.ENGLISH));

  private Timestamps() {}

  public static Instant parse(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isNumber()) {
      return fromEpoch(node.asDouble());
    }
    return node.isTextual() ? parse(node.asText()) : null;
  }

  public static Instant parse(String raw) {
    String s = raw == null ? "" : raw.trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
      return fromEpoch(Double.parseDouble(s));
    }
    for (DateTimeFormatter formatter : ZONED) {
      try {
        return OffsetDateTime.parse(s, formatter).toInstant();
      } catch (DateTimeParseException ignored) {
        // try the next form
      }
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException ignored) {
      // not an instant with Z
    }
    try {
      return LocalDateTime.parse(s, ISO_LOCAL).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  private static Instant fromEpoch(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    double seconds = Math.abs(value) >= MILLIS_THRESHOLD ? value / 1000.0 : value;
    long whole = (long) Math.floor(seconds);
    long micros = Math.round((seconds - whole) * 1_000_000);
    return Instant.ofEpochSecond(whole).plusNanos(micros * 1000);
  }
}
