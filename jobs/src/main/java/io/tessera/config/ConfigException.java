package io.tessera.config;

/**
 * A configuration or usage problem the user must fix; the CLI prints the message on one line and exits 2. Secret
 * values are scrubbed from the message, which may echo config values.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(Secrets.scrub(message));
  }

  public ConfigException(String message, Throwable cause) {
    super(Secrets.scrub(message), cause);
  }
}
