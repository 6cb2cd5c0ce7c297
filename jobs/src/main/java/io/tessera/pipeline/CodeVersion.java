package io.tessera.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, stamped into run.json and every stage fingerprint. */
public final class CodeVersion {
  private static final String VERSION = load();

  private CodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/tessera-version.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
