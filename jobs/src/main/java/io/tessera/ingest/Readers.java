package io.tessera.ingest;

import io.tessera.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of source formats. */
public final class Readers {
  private static final Map<String, Reader> READERS = new LinkedHashMap<>();

  static {
    register(new LineReader("jsonl", "JSON lines with a field mapping (plain, .gz, .bz2)", JsonlFormat::new));
  }

  private Readers() {}

  private static void register(Reader reader) {
    READERS.put(reader.name(), reader);
  }

  public static List<String> names() {
    return List.copyOf(READERS.keySet());
  }

  public static Reader get(String name) {
    Reader reader = READERS.get(name);
    if (reader == null) {
      throw new ConfigException("unknown reader '" + name + "' (readers: " + String.join(", ", names()) + ")");
    }
    return reader;
  }

  public static Map<String, String> descriptions() {
    Map<String, String> out = new LinkedHashMap<>();
    READERS.forEach((name, reader) -> out.put(name, reader.description()));
    return out;
  }
}
