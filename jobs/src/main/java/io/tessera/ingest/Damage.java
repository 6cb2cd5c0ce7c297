package io.tessera.ingest;

import java.io.EOFException;
import java.util.regex.Pattern;

/**
 * A file that stops being readable part way (a cut or corrupt .gz, .bz2, .zst): the reason a reject gives for it,
 * {@code truncated} when the data ends early and {@code corrupt} when it stops making sense, from the decoder's
 * exception. The records read before the damage stay; the reject says where reading stopped.
 */
final class Damage {
  static final String TRUNCATED = "truncated";
  static final String CORRUPT = "corrupt";
  /** How a damage reject's message starts (a cut page of a plain XML file is also truncated, but one record). */
  static final String MESSAGE_START = "the file is damaged";
  /** How the decoders (java.util.zip, Hadoop's bzip2, zstd-jni) word an early end. */
  private static final Pattern EARLY_END = Pattern.compile("(?i)unexpected end|truncated|premature end");

  private Damage() {}

  static String reason(Throwable failure) {
    return failure instanceof EOFException || EARLY_END.matcher(String.valueOf(failure.getMessage())).find()
        ? TRUNCATED : CORRUPT;
  }

  /** One line: where reading stopped and what the decoder said. */
  static String message(Throwable failure, long offset) {
    return MESSAGE_START + "; reading stopped at byte " + offset + " of its decompressed data: "
        + failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage()).replaceAll("\\s+", " ");
  }
}
