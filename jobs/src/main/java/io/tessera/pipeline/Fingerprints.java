package io.tessera.pipeline;

import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a stage's fingerprint is made of, each part a digest: {@code code} (the build's classes and resources,
 * {@link CodeVersion#digest()}), {@code data} (the classpath files the stage reads), {@code settings} (its config),
 * {@code input} (the previous stage's fingerprint; for ingest the sources' config and every input file's path, size
 * and modification time) and {@code key} (a keyed digest of a secret the output depends on). Kept part by part in
 * the stage marker, so a rerun says which changed.
 */
public final class Fingerprints {
  public static final List<String> PARTS = List.of("code", "data", "settings", "input", "key");
  private final String code;
  private final Function<List<String>, String> data;
  private final Map<String, String> environment;

  /**
   * Fingerprints for a build whose code digest is {@code code}, data files digested by {@code data}, and secrets
   * read from {@code environment}. Tests stand in for a rebuilt jar, an edited data file or a rotated key this way.
   */
  public Fingerprints(String code, Function<List<String>, String> data, Map<String, String> environment) {
    this.code = code;
    this.data = data;
    this.environment = environment;
  }

  /** The running build's digests and the process environment. */
  public static Fingerprints ofBuild() {
    return new Fingerprints(CodeVersion.digest(), CodeVersion::digestOf, System.getenv());
  }

  public String code() {
    return code;
  }

  Map<String, String> of(Stage stage, TesseraConfig config, String input) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("code", code);
    parts.put("data", data.apply(stage.dataResources()));
    parts.put("settings", Hashes.sha256Hex(16, ConfigLoader.canonicalJson(stage.settings(config))));
    parts.put("input", input);
    parts.put("key", stage.keyDigest(environment));
    return parts;
  }

  /** The parts that differ, joined with "," in {@link #PARTS} order; "unknown" for a marker without parts. */
  static String changed(Map<String, String> now, Map<String, String> before) {
    if (before == null) {
      return "unknown";
    }
    List<String> changed = new ArrayList<>();
    for (String part : PARTS) {
      if (!Objects.equals(now.get(part), before.get(part))) {
        changed.add(part);
      }
    }
    return changed.isEmpty() ? "unknown" : String.join(",", changed);
  }
}
